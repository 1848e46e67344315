using MedPeft.Peft.Tuners;

namespace MedPeft.Peft.Lora;

/// <summary>LoRA's hyper-parameters, with the defaults of the study's earlier work (MILE): r 8, alpha 32, dropout 0.1 on query and value.</summary>
public sealed record LoraOptions : ITunerOptions
{
    /// <summary>LoRA rank.</summary>
    [TunerSetting("lora_rank", "lora-r", "LoRA rank.")]
    public int Rank { get; init; } = 8;

    /// <summary>LoRA alpha (scaling = alpha / r).</summary>
    [TunerSetting("lora_alpha", "lora-alpha", "LoRA alpha (scaling = alpha / r).")]
    public double Alpha { get; init; } = 32;

    /// <summary>Dropout on LoRA's input.</summary>
    [TunerSetting("lora_dropout", "lora-dropout", "Dropout on LoRA's input.")]
    public double Dropout { get; init; } = 0.1;

    /// <summary>Attention roles (q, k, v, o) and/or <c>ffn</c> (every feed-forward linear).</summary>
    [TunerSetting("lora_targets", "lora-targets", "Attention projections q,k,v,o and/or ffn.")]
    public IReadOnlyList<string> Targets { get; init; } = ["q", "v"];

    /// <inheritdoc/>
    public void Validate()
    {
        TunerSize.Require(Rank, Name(nameof(Rank)));
        Setting.Require(Alpha > 0 && double.IsFinite(Alpha), Name(nameof(Alpha)), $"must be positive (got {Alpha})");
        Setting.Require(Dropout is >= 0 and < 1, Name(nameof(Dropout)), $"must be in [0, 1) (got {Dropout})");
        ProjectionRoles.CheckTargets(Name(nameof(Targets)), Targets, allowFfn: true);
    }

    static string Name(string property) => Setting.Name<LoraOptions>(property);
}
