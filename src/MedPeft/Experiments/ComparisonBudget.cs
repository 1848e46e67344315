using MedPeft.Peft;
using MedPeft.Training;

namespace MedPeft.Experiments;

/// <summary>
/// The training every method of a comparison gets: the same number of optimizer steps, batch size and
/// seed. Each method family has its own learning rate — methods that train few parameters need larger
/// steps, as their authors recommend — listed in <see cref="LearningRates"/> and in the README.
/// </summary>
internal sealed record ComparisonBudget(string Name, long Steps, int BatchSize, long EvalEvery, bool Augment)
{
    public static readonly ComparisonBudget Quick = new("quick", 120, 16, 40, Augment: false);
    public static readonly ComparisonBudget Standard = new("standard", 600, 16, 100, Augment: true);

    public static ComparisonBudget ByName(string name) => name.Trim().ToLowerInvariant() switch
    {
        "quick" => Quick,
        "standard" => Standard,
        _ => throw new MedPeftException($"--budget '{name}': expected quick or standard."),
    };

    /// <summary>
    /// AdamW peak learning rate per method (the largest over a combined plan is used). Prefix tuning's
    /// reparameterisation MLP diverged at 5e-3 on the built-in comparison (validation loss 0.58 → 1.8).
    /// </summary>
    public static readonly IReadOnlyDictionary<string, double> LearningRates = new Dictionary<string, double>
    {
        ["full"] = 5e-5, ["ffn"] = 1e-4, ["attn"] = 1e-4, ["ln"] = 5e-3, ["bitfit"] = 5e-3, ["lora"] = 1e-3, ["ia3"] = 5e-3,
        ["adapter"] = 1e-3, ["prefix"] = 1e-3, ["ptuning-v2"] = 1e-2, ["prompt"] = 1e-2, ["frozen"] = 1e-4,
    };

    public double LearningRateFor(PeftPlan plan) => plan.Items.Max(i => LearningRates[i.Method]);

    public TrainingOptions TrainingFor(PeftPlan plan, int seed) => new()
    {
        MaxSteps = Steps, BatchSize = BatchSize, LearningRate = LearningRateFor(plan), WarmupRatio = 0.05, Seed = seed,
        Augment = Augment, EvalEvery = EvalEvery, SaveEvery = Steps, LogEvery = 20,
    };
}
