using MedPeft.Peft.Tuners;

namespace MedPeft.Peft.Prompt;

/// <summary>How many soft prompt tokens prompt tuning prepends.</summary>
public sealed record PromptOptions : ITunerOptions
{
    /// <summary>Soft prompt tokens.</summary>
    [TunerSetting("prompt_tokens", "prompt-tokens", "Soft prompt tokens.")]
    public int Tokens { get; init; } = 10;

    /// <inheritdoc/>
    public void Validate() => TunerSize.Require(Tokens, Setting.Name<PromptOptions>(nameof(Tokens)));
}
