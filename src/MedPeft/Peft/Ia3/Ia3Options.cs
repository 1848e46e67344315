using MedPeft.Peft.Tuners;

namespace MedPeft.Peft.Ia3;

/// <summary>What IA3 rescales: by default keys, values and the FFN output's input, as HF PEFT.</summary>
public sealed record Ia3Options : ITunerOptions
{
    /// <summary>k,v (output rescaled) and/or ffn (the FFN output's input rescaled).</summary>
    [TunerSetting("ia3_targets", "ia3-targets", "k,v (output rescaled) and/or ffn (the FFN output's input rescaled).")]
    public IReadOnlyList<string> Targets { get; init; } = ["k", "v", "ffn"];

    /// <inheritdoc/>
    public void Validate() => ProjectionRoles.CheckTargets(Setting.Name<Ia3Options>(nameof(Targets)), Targets, allowFfn: true);
}
