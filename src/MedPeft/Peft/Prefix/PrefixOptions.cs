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
        TunerSize.Require(Tokens, Name(nameof(Tokens)));
        TunerSize.Require(Hidden, Name(nameof(Hidden)));
    }

    static string Name(string property) => Setting.Name<PrefixOptions>(property);
}
