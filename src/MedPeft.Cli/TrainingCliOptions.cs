using System.CommandLine;
using MedPeft.Training;

namespace MedPeft.Cli;

/// <summary>The options of a training run (schedule, batching, evaluation, checkpoints), with the study's defaults.</summary>
public sealed class TrainingCliOptions
{
    static readonly TrainingOptions Defaults = new();

    readonly Option<int> epochs = new("--epochs") { Description = "Epochs to train (the study: 130–150).", DefaultValueFactory = _ => Defaults.Epochs };
    readonly Option<long?> maxSteps = new("--max-steps") { Description = "Stop after this many optimizer steps instead." };
    readonly Option<int> batchSize = new("--batch-size") { Description = "Rows per batch.", DefaultValueFactory = _ => Defaults.BatchSize };
    readonly Option<int> gradAccum = new("--grad-accum") { Description = "Batches per optimizer step (gradient accumulation).", DefaultValueFactory = _ => 1 };
    readonly Option<double> learningRate = new("--lr") { Description = "Peak learning rate of AdamW.", DefaultValueFactory = _ => Defaults.LearningRate };
    readonly Option<double> weightDecay = new("--weight-decay") { Description = "AdamW's decoupled weight decay.", DefaultValueFactory = _ => Defaults.WeightDecay };
    readonly Option<double> warmupRatio = new("--warmup-ratio") { Description = "Share of the steps with linear warmup before the cosine decay.", DefaultValueFactory = _ => Defaults.WarmupRatio };
    readonly Option<double> maxGradNorm = new("--max-grad-norm") { Description = "Gradient clipping norm (0: off).", DefaultValueFactory = _ => Defaults.MaxGradNorm };
    readonly Option<int> seed = new("--seed") { Description = "Seed of row order, augmentation, dropout and new weights.", DefaultValueFactory = _ => Defaults.Seed };
    readonly Option<bool> noAugment = new("--no-augment") { Description = "Turn off train-time image augmentation (random resized crop, small rotation)." };
    readonly Option<long> evalEvery = new("--eval-every") { Description = "Evaluate every N optimizer steps (0: every epoch).", DefaultValueFactory = _ => 0 };
    readonly Option<bool> evalGenerate = new("--eval-generate") { Description = "Also generate and score answers on the validation split at each evaluation." };
    readonly Option<string> metric = new("--metric") { Description = $"Validation value for the best checkpoint and early stopping: {string.Join(", ", MetricDirection.Known)}.", DefaultValueFactory = _ => Defaults.Metric };
    readonly Option<int?> patience = new("--patience") { Description = "Stop after this many evaluations without improvement." };
    readonly Option<long> saveEvery = new("--save-every") { Description = "Write the last checkpoint every N optimizer steps (also at each evaluation).", DefaultValueFactory = _ => Defaults.SaveEvery };
    readonly Option<long> logEvery = new("--log-every") { Description = "Print a progress line every N steps when the output is not a terminal.", DefaultValueFactory = _ => Defaults.LogEvery };

    public void AddTo(Command command)
    {
        foreach (var option in new Option[] { epochs, maxSteps, batchSize, gradAccum, learningRate, weightDecay, warmupRatio, maxGradNorm, seed, noAugment, evalEvery, evalGenerate, metric, patience, saveEvery, logEvery })
            command.Options.Add(option);
    }

    public TrainingOptions Read(ParseResult parse) => new TrainingOptions
    {
        Epochs = parse.GetValue(epochs), MaxSteps = parse.GetValue(maxSteps), BatchSize = parse.GetValue(batchSize),
        GradientAccumulation = parse.GetValue(gradAccum), LearningRate = parse.GetValue(learningRate), WeightDecay = parse.GetValue(weightDecay),
        WarmupRatio = parse.GetValue(warmupRatio), MaxGradNorm = parse.GetValue(maxGradNorm), Seed = parse.GetValue(seed),
        Augment = !parse.GetValue(noAugment), EvalEvery = parse.GetValue(evalEvery), EvalGenerate = parse.GetValue(evalGenerate),
        Metric = parse.GetValue(metric)!, Patience = parse.GetValue(patience), SaveEvery = parse.GetValue(saveEvery), LogEvery = parse.GetValue(logEvery),
    }.Validated();
}
