using System.Text.Json.Serialization;

namespace MedPeft.Training;

/// <summary>
/// How a run trains. The defaults are the study's (AdamW, weight decay 0.05, cosine decay to 0,
/// learning rate 2e-5, batch 16, seed 42; the study ran 130–150 epochs) plus HF Trainer's gradient
/// clipping at norm 1.0. Evaluation runs every <see cref="EvalEvery"/> optimizer steps (0: once per epoch).
/// </summary>
public sealed record TrainingOptions
{
    /// <summary>Epochs to train, when <see cref="MaxSteps"/> is not given.</summary>
    public int Epochs { get; init; } = 130;
    /// <summary>Stop after this many optimizer steps instead of after <see cref="Epochs"/>.</summary>
    public long? MaxSteps { get; init; }
    /// <summary>Rows per batch.</summary>
    public int BatchSize { get; init; } = 16;
    /// <summary>Batches per optimizer step.</summary>
    public int GradientAccumulation { get; init; } = 1;
    /// <summary>Peak learning rate of AdamW (after warmup; cosine decay to 0 follows).</summary>
    public double LearningRate { get; init; } = 2e-5;
    /// <summary>AdamW's decoupled weight decay.</summary>
    public double WeightDecay { get; init; } = 0.05;
    /// <summary>Share of the steps with linear warmup.</summary>
    public double WarmupRatio { get; init; } = 0.0;
    /// <summary>Gradient clipping norm (0: no clipping).</summary>
    public double MaxGradNorm { get; init; } = 1.0;
    /// <summary>Seed of row order, augmentation, dropout and new weights.</summary>
    public int Seed { get; init; } = 42;
    /// <summary>Train-time image augmentation (random resized crop, small rotation).</summary>
    public bool Augment { get; init; } = true;
    /// <summary>Evaluate every this many optimizer steps (0: once per epoch).</summary>
    public long EvalEvery { get; init; } = 0;
    /// <summary>Also generate answers on the validation split at each evaluation (needed to early-stop on accuracy).</summary>
    public bool EvalGenerate { get; init; } = false;
    /// <summary>The validation value that picks the best checkpoint and stops early: <c>val_loss</c> or a score key.</summary>
    public string Metric { get; init; } = "val_loss";
    /// <summary>Evaluations without improvement before stopping; null: never stop early.</summary>
    public int? Patience { get; init; }
    /// <summary>Write the last checkpoint every this many optimizer steps (and at every evaluation and at the end).</summary>
    public long SaveEvery { get; init; } = 100;
    /// <summary>Write a progress line every this many steps when the output is not a terminal.</summary>
    public long LogEvery { get; init; } = 10;
    /// <summary>
    /// Recompute each transformer block's activations in the backward pass instead of keeping them
    /// (activation checkpointing): less memory for about one more forward pass per step. The same
    /// losses and gradients as without. A run description written before this setting existed reads as false.
    /// </summary>
    public bool GradientCheckpointing { get; init; }
    /// <summary>
    /// How the model's weights are stored and multiplied: <see cref="Nn.Precision.Fp32"/>, or <see cref="Nn.Precision.Bf16"/>
    /// (frozen linear weights in bfloat16, trainable tensors and AdamW state in float32). A run description written
    /// before this setting existed reads as fp32, and an fp32 run's description leaves it out, so that it is the same
    /// file as before (a sweep cell's key, a stopped comparison's runs).
    /// </summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public Nn.Precision Precision { get; init; } = Nn.Precision.Fp32;

    /// <summary>Checks every value; returns the options, or throws an <see cref="InvalidSettingException"/> naming the first bad one.</summary>
    public TrainingOptions Validated()
    {
        Require(Epochs >= 1, nameof(Epochs), $"must be at least 1 (got {Epochs})");
        Require(MaxSteps is null or >= 1, nameof(MaxSteps), $"must be at least 1 (got {MaxSteps})");
        Require(BatchSize >= 1, nameof(BatchSize), $"must be at least 1 (got {BatchSize})");
        Require(GradientAccumulation >= 1, nameof(GradientAccumulation), $"must be at least 1 (got {GradientAccumulation})");
        Require(LearningRate > 0 && double.IsFinite(LearningRate), nameof(LearningRate), $"must be a positive number (got {LearningRate})");
        Require(WeightDecay >= 0 && double.IsFinite(WeightDecay), nameof(WeightDecay), $"must be a finite number, not negative (got {WeightDecay})");
        Require(WarmupRatio is >= 0 and < 1, nameof(WarmupRatio), $"must be in [0, 1) (got {WarmupRatio})");
        Require(MaxGradNorm >= 0 && double.IsFinite(MaxGradNorm), nameof(MaxGradNorm), $"must be a finite number, not negative (got {MaxGradNorm}; 0 turns clipping off)");
        Require(EvalEvery >= 0, nameof(EvalEvery), $"must not be negative (got {EvalEvery})");
        Require(SaveEvery >= 1, nameof(SaveEvery), $"must be at least 1 (got {SaveEvery})");
        Require(LogEvery >= 1, nameof(LogEvery), $"must be at least 1 (got {LogEvery})");
        Require(Patience is null or >= 1, nameof(Patience), $"must be at least 1 (got {Patience})");
        Require(MetricDirection.IsKnown(Metric), nameof(Metric), $"'{Metric}' is unknown; expected {string.Join(", ", MetricDirection.Known)}");
        Require(Metric == "val_loss" || EvalGenerate, nameof(Metric), $"{Metric} needs generated answers: set {Name(nameof(EvalGenerate))}");
        return this;
    }

    /// <summary>The name of a property as a setting, <c>TrainingOptions.Property</c>.</summary>
    public static string Name(string property) => Setting.Name<TrainingOptions>(property);

    static void Require(bool condition, string property, string problem) => Setting.Require(condition, Name(property), problem);
}

/// <summary>Which validation values exist and whether larger is better.</summary>
internal static class MetricDirection
{
    public static readonly IReadOnlyList<string> Known = new[]
    {
        "val_loss", "overall_accuracy", "closed_accuracy", "open_exact_match", "open_recall", "bleu1", "bleu2", "bleu3", "bleu4", "meteor", "rougeL", "cider",
    };

    public static bool IsKnown(string metric) => Known.Contains(metric);

    public static bool HigherIsBetter(string metric) => metric != "val_loss";

    public static bool Improves(string metric, double candidate, double? best) =>
        best is null || (HigherIsBetter(metric) ? candidate > best.Value : candidate < best.Value);
}
