using MedPeft.Peft;
using MedPeft.Peft.Tuners;
using MedPeft.Training;

namespace MedPeft.Experiments;

/// <summary>
/// The training every method of a comparison gets: the same number of optimizer steps, batch size and
/// seed. Each method family has its own learning rate — methods that train few parameters need larger
/// steps, as their authors recommend — given by each tuner (<see cref="ITuner.ComparisonLearningRate"/>) and listed in the README.
/// </summary>
internal sealed record ComparisonBudget(string Name, long Steps, int BatchSize, long EvalEvery, bool Augment)
{
    public static readonly ComparisonBudget Quick = new("quick", 120, 16, 40, Augment: false);
    public static readonly ComparisonBudget Standard = new("standard", 600, 16, 100, Augment: true);

    public static ComparisonBudget ByName(string name) => name.Trim().ToLowerInvariant() switch
    {
        "quick" => Quick,
        "standard" => Standard,
        _ => throw new InvalidSettingException(Setting.Name<ComparisonBudget>(nameof(Name)), $"'{name}' is unknown; expected quick or standard"),
    };

    /// <summary>AdamW peak learning rate of a plan: the largest of its tuners' comparison learning rates.</summary>
    public double LearningRateFor(PeftPlan plan) => plan.Items.Max(i => TunerRegistry.Default.Get(i.Method).ComparisonLearningRate);

    public TrainingOptions TrainingFor(PeftPlan plan, int seed) => new()
    {
        MaxSteps = Steps, BatchSize = BatchSize, LearningRate = LearningRateFor(plan), WarmupRatio = 0.05, Seed = seed,
        Augment = Augment, EvalEvery = EvalEvery, SaveEvery = Steps, LogEvery = 20,
    };
}
