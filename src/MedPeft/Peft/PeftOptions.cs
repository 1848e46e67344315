using MedPeft.Nn;

namespace MedPeft.Peft;

/// <summary>
/// The hyper-parameters of every method, with the defaults of the study's earlier work (MILE):
/// LoRA r 8, alpha 32, dropout 0.1 on query and value; IA3 on key, value and the FFN output;
/// prefix tuning with 10 virtual tokens and a reparameterisation MLP.
/// </summary>
public sealed record PeftOptions
{
    public int LoraRank { get; init; } = 8;
    public double LoraAlpha { get; init; } = 32;
    public double LoraDropout { get; init; } = 0.1;
    /// <summary>Attention roles (q, k, v, o) and/or <c>ffn</c> (every feed-forward linear).</summary>
    public IReadOnlyList<string> LoraTargets { get; init; } = new[] { "q", "v" };
    public IReadOnlyList<string> Ia3Targets { get; init; } = new[] { "k", "v", "ffn" };
    /// <summary>Which projections attention-tuning trains.</summary>
    public IReadOnlyList<string> AttentionProjections { get; init; } = new[] { "q", "k", "v", "o" };
    /// <summary>Which attention blocks attention-tuning, LoRA and IA3 reach: self, cross or both.</summary>
    public IReadOnlyList<AttentionKind> AttentionKinds { get; init; } = new[] { AttentionKind.Self, AttentionKind.Cross };
    public int PrefixTokens { get; init; } = 10;
    public int PrefixHidden { get; init; } = 512;
    public int PromptTokens { get; init; } = 10;
    public int AdapterSize { get; init; } = 64;

    public static readonly IReadOnlyList<string> RoleNames = new[] { "q", "k", "v", "o" };

    public PeftOptions Validated()
    {
        Require(LoraRank >= 1, $"--lora-r must be at least 1 (got {LoraRank})");
        Require(LoraAlpha > 0, $"--lora-alpha must be positive (got {LoraAlpha})");
        Require(LoraDropout is >= 0 and < 1, $"--lora-dropout must be in [0, 1) (got {LoraDropout})");
        Require(PrefixTokens >= 1, $"--prefix-tokens must be at least 1 (got {PrefixTokens})");
        Require(PrefixHidden >= 1, $"--prefix-hidden must be at least 1 (got {PrefixHidden})");
        Require(PromptTokens >= 1, $"--prompt-tokens must be at least 1 (got {PromptTokens})");
        Require(AdapterSize >= 1, $"--adapter-size must be at least 1 (got {AdapterSize})");
        CheckTargets("--lora-targets", LoraTargets, allowFfn: true);
        CheckTargets("--ia3-targets", Ia3Targets, allowFfn: true);
        CheckTargets("--attn-projections", AttentionProjections, allowFfn: false);
        Require(AttentionKinds.Count > 0, "--attn-kinds must name self, cross or both");
        return this;
    }

    static void CheckTargets(string option, IReadOnlyList<string> targets, bool allowFfn)
    {
        Require(targets.Count > 0, $"{option} is empty");
        foreach (var t in targets)
            Require(RoleNames.Contains(t) || (allowFfn && t == "ffn"),
                $"{option}: unknown target '{t}'; expected {string.Join(", ", allowFfn ? RoleNames.Append("ffn") : RoleNames)}");
    }

    static void Require(bool condition, string message)
    {
        if (!condition) throw new MedPeftException(message + ".");
    }

    internal static ProjectionRole Role(string name) => name switch
    {
        "q" => ProjectionRole.Query, "k" => ProjectionRole.Key, "v" => ProjectionRole.Value, "o" => ProjectionRole.Output,
        _ => throw new ArgumentOutOfRangeException(nameof(name)),
    };
}
