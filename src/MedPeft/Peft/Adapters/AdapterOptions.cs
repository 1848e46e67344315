using MedPeft.Peft.Tuners;

namespace MedPeft.Peft.Adapters;

/// <summary>The bottleneck width of the adapters.</summary>
public sealed record AdapterOptions : ITunerOptions
{
    /// <summary>Bottleneck width of the adapters.</summary>
    [TunerSetting("adapter_size", "adapter-size", "Bottleneck width of the adapters.")]
    public int Size { get; init; } = 64;

    /// <inheritdoc/>
    public void Validate() => TunerSize.Require(Size, Setting.Name<AdapterOptions>(nameof(Size)));
}
