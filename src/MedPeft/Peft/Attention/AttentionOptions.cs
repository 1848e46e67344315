using MedPeft.Nn;
using MedPeft.Peft.Tuners;

namespace MedPeft.Peft.Attention;

/// <summary>Which projections attention tuning trains, and which attention blocks it, LoRA, IA3 and the adapters reach.</summary>
public sealed record AttentionOptions : ITunerOptions
{
    /// <summary>Projections attention tuning trains.</summary>
    [TunerSetting("attention_projections", "attn-projections", "Projections attention tuning trains.")]
    public IReadOnlyList<string> Projections { get; init; } = ["q", "k", "v", "o"];

    /// <summary>Attention blocks attn/lora/ia3/adapter reach: self, cross or self,cross.</summary>
    [TunerSetting("attention_kinds", "attn-kinds", "Attention blocks attn/lora/ia3/adapter reach: self, cross or self,cross.")]
    public IReadOnlyList<AttentionKind> Kinds { get; init; } = [AttentionKind.Self, AttentionKind.Cross];

    internal static string Name(string property) => Setting.Name<AttentionOptions>(property);

    /// <inheritdoc/>
    public void Validate()
    {
        ProjectionRoles.CheckTargets(Name(nameof(Projections)), Projections, allowFfn: false);
        Setting.Require(Kinds.Count > 0, Name(nameof(Kinds)), "must name self, cross or both");
    }
}
