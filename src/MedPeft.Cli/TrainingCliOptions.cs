using System.CommandLine;
using MedPeft.Training;

namespace MedPeft.Cli;

/// <summary>The options of a training run (schedule, batching, evaluation, checkpoints), with the study's defaults.</summary>
internal sealed class TrainingCliOptions
{
    static readonly TrainingOptions Defaults = new();

    readonly Option<int> epochs = new Option<int>("--epochs") { Description = "Epochs to train (the study: 130–150).", DefaultValueFactory = _ => Defaults.Epochs }.Sets(TrainingOptions.Name(nameof(TrainingOptions.Epochs)));
    readonly Option<long?> maxSteps = new Option<long?>("--max-steps") { Description = "Stop after this many optimizer steps instead." }.Sets(TrainingOptions.Name(nameof(TrainingOptions.MaxSteps)));
    readonly Option<int> batchSize = new Option<int>("--batch-size") { Description = "Rows per batch.", DefaultValueFactory = _ => Defaults.BatchSize }.Sets(TrainingOptions.Name(nameof(TrainingOptions.BatchSize)));
    readonly Option<int> gradAccum = new Option<int>("--grad-accum") { Description = "Batches per optimizer step (gradient accumulation).", DefaultValueFactory = _ => 1 }.Sets(TrainingOptions.Name(nameof(TrainingOptions.GradientAccumulation)));
    readonly Option<double> learningRate = new Option<double>("--lr") { Description = "Peak learning rate of AdamW.", DefaultValueFactory = _ => Defaults.LearningRate }.Sets(TrainingOptions.Name(nameof(TrainingOptions.LearningRate)));
    readonly Option<double> weightDecay = new Option<double>("--weight-decay") { Description = "AdamW's decoupled weight decay.", DefaultValueFactory = _ => Defaults.WeightDecay }.Sets(TrainingOptions.Name(nameof(TrainingOptions.WeightDecay)));
    readonly Option<double> warmupRatio = new Option<double>("--warmup-ratio") { Description = "Share of the steps with linear warmup before the cosine decay.", DefaultValueFactory = _ => Defaults.WarmupRatio }.Sets(TrainingOptions.Name(nameof(TrainingOptions.WarmupRatio)));
    readonly Option<double> maxGradNorm = new Option<double>("--max-grad-norm") { Description = "Gradient clipping norm (0: off).", DefaultValueFactory = _ => Defaults.MaxGradNorm }.Sets(TrainingOptions.Name(nameof(TrainingOptions.MaxGradNorm)));
    readonly Option<int> seed = new Option<int>("--seed") { Description = "Seed of row order, augmentation, dropout and new weights.", DefaultValueFactory = _ => Defaults.Seed }.Sets(TrainingOptions.Name(nameof(TrainingOptions.Seed)));
    readonly Option<bool> noAugment = new("--no-augment") { Description = "Turn off train-time image augmentation (random resized crop, small rotation)." };
    readonly Option<long> evalEvery = new Option<long>("--eval-every") { Description = "Evaluate every N optimizer steps (0: every epoch).", DefaultValueFactory = _ => 0 }.Sets(TrainingOptions.Name(nameof(TrainingOptions.EvalEvery)));
    readonly Option<bool> evalGenerate = new Option<bool>("--eval-generate") { Description = "Also generate and score answers on the validation split at each evaluation." }.Sets(TrainingOptions.Name(nameof(TrainingOptions.EvalGenerate)));
    readonly Option<string> metric = new Option<string>("--metric") { Description = $"Validation value for the best checkpoint and early stopping: {string.Join(", ", MetricDirection.Known)}.", DefaultValueFactory = _ => Defaults.Metric }.Sets(TrainingOptions.Name(nameof(TrainingOptions.Metric)));
    readonly Option<int?> patience = new Option<int?>("--patience") { Description = "Stop after this many evaluations without improvement." }.Sets(TrainingOptions.Name(nameof(TrainingOptions.Patience)));
    readonly Option<long> saveEvery = new Option<long>("--save-every") { Description = "Write the last checkpoint every N optimizer steps (also at each evaluation).", DefaultValueFactory = _ => Defaults.SaveEvery }.Sets(TrainingOptions.Name(nameof(TrainingOptions.SaveEvery)));
    readonly Option<bool> gradCheckpointing = GradientCheckpointingOption();
    readonly Option<string> precision = PrecisionOption.Create();
    readonly Option<long> logEvery = new Option<long>("--log-every") { Description = "Print a progress line every N steps when the output is not a terminal.", DefaultValueFactory = _ => Defaults.LogEvery }.Sets(TrainingOptions.Name(nameof(TrainingOptions.LogEvery)));

    public void AddTo(Command command)
    {
        foreach (var option in new Option[] { epochs, maxSteps, batchSize, gradAccum, learningRate, weightDecay, warmupRatio, maxGradNorm, seed, noAugment, evalEvery, evalGenerate, metric, patience, saveEvery, logEvery, gradCheckpointing, precision })
            command.Options.Add(option);
    }

    public TrainingOptions Read(ParseResult parse) => new TrainingOptions
    {
        Epochs = parse.GetValue(epochs), MaxSteps = parse.GetValue(maxSteps), BatchSize = parse.GetValue(batchSize),
        GradientAccumulation = parse.GetValue(gradAccum), LearningRate = parse.GetValue(learningRate), WeightDecay = parse.GetValue(weightDecay),
        WarmupRatio = parse.GetValue(warmupRatio), MaxGradNorm = parse.GetValue(maxGradNorm), Seed = parse.GetValue(seed),
        Augment = !parse.GetValue(noAugment), EvalEvery = parse.GetValue(evalEvery), EvalGenerate = parse.GetValue(evalGenerate),
        Metric = parse.GetValue(metric)!, Patience = parse.GetValue(patience), SaveEvery = parse.GetValue(saveEvery), LogEvery = parse.GetValue(logEvery),
        GradientCheckpointing = parse.GetValue(gradCheckpointing), Precision = PrecisionOption.Parse(parse.GetValue(precision)!),
    }.Validated();

    /// <summary>The flag of <see cref="TrainingOptions.GradientCheckpointing"/>.</summary>
    public const string GradientCheckpointingFlag = "--grad-checkpointing";

    /// <summary><c>--grad-checkpointing</c>, as train, compare and bench-methods take it.</summary>
    public static Option<bool> GradientCheckpointingOption() => new Option<bool>(GradientCheckpointingFlag)
    {
        Description = "Recompute each transformer block's activations in the backward pass instead of keeping them: less memory, about one more forward pass of time per step; the same losses and gradients.",
    }.Sets(TrainingOptions.Name(nameof(TrainingOptions.GradientCheckpointing)));
}
