using MedPeft.Peft.Tuners;

namespace MedPeft.Peft.Prefix;

/// <summary>Prefix tuning's and P-tuning v2's virtual tokens, and the width of prefix tuning's reparameterisation MLP.</summary>
public sealed record PrefixOptions : ITunerOptions
{
    /// <summary>Virtual tokens of prefix / P-tuning v2.</summary>
    [TunerSetting("prefix_tokens", "prefix-tokens", "Virtual tokens of prefix / P-tuning v2.")]
    public int Tokens { get; init; } = 10;

    /// <summary>Hidden width of the prefix reparameterisation MLP.</summary>
    [TunerSetting("prefix_hidden", "prefix-hidden", "Hidden width of the prefix reparameterisation MLP.")]
    public int Hidden { get; init; } = 512;

    /// <inheritdoc/>
    public void Validate()
    {
        Setting.Require(Tokens >= 1, Name(nameof(Tokens)), $"must be at least 1 (got {Tokens})");
        Setting.Require(Hidden >= 1, Name(nameof(Hidden)), $"must be at least 1 (got {Hidden})");
    }

    static string Name(string property) => Setting.Name<PrefixOptions>(property);
}
