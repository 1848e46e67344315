using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using MedPeft.Data.Batching;
using MedPeft.Data.Datasets;
using MedPeft.Evaluation;
using MedPeft.Evaluation.Metrics.WordNet;
using MedPeft.Nn;
using MedPeft.Nn.Checkpointing;
using MedPeft.Peft;
using MedPeft.Tasks;
using TorchSharp;
using static TorchSharp.torch;

namespace MedPeft.Training;

/// <summary>
/// The training loop of a PEFT plan on a dataset: AdamW, warmup + cosine schedule, gradient accumulation and
/// clipping, evaluation, best/last checkpoints, early stopping, and exact resumption. Every random
/// choice (row order, augmentation, dropout) is a function of the seed and the step, so a resumed
/// run reproduces an uninterrupted one bit for bit on CPU.
/// </summary>
internal sealed class Trainer
{
    readonly TrainingJob job;
    readonly string runDirectory;
    readonly TextWriter output;
    readonly TrainingOptions options;

    public Trainer(TrainingJob job, TrainingOptions options, string runDirectory, TextWriter output)
    {
        this.job = job;
        this.runDirectory = runDirectory;
        this.output = output;
        this.options = options.Validated();
    }

    public const string SummaryFile = "summary.json";

    /// <summary>Starts the run, or with <paramref name="resume"/> continues it from its last checkpoint.</summary>
    /// <param name="stop">Asks the run to stop: at the next optimizer step it writes its last checkpoint and throws an
    /// <see cref="OperationCanceledException"/>; resuming it then continues as if it had not stopped.</param>
    public TrainingSummary Run(bool resume, CancellationToken stop = default)
    {
        var wall = Stopwatch.StartNew();
        var (peft, task, train, validation) = (job.Peft, job.Task, job.Train, job.Validation);
        var model = peft.Model;
        var optimized = peft.Optimized;
        if (optimized.Count == 0) throw new MedPeftException($"the plan '{peft.Plan}' trains nothing; evaluate the model as it is instead.");
        using var optimizer = new AdamW(optimized, new AdamW.Settings(options.LearningRate, WeightDecay: options.WeightDecay));
        var checkpoints = new CheckpointStore(runDirectory);
        var log = new MetricsLog(Path.Combine(runDirectory, "metrics.jsonl"));
        var state = resume ? Restore(checkpoints, peft, optimizer, log) : TrainingState.Start;

        long batchesPerEpoch = (train.Count + options.BatchSize - 1) / options.BatchSize;
        long totalSteps = options.MaxSteps ?? (options.Epochs * batchesPerEpoch + options.GradientAccumulation - 1) / options.GradientAccumulation;
        long evalEvery = options.EvalEvery > 0 ? options.EvalEvery : Math.Max(1, batchesPerEpoch / options.GradientAccumulation);
        var schedule = new LearningRateSchedule(options.LearningRate, (long)Math.Round(options.WarmupRatio * totalSteps), totalSteps);
        var account = PeftAccount.Of(peft);
        PrintStart(peft, account, totalSteps, batchesPerEpoch, resume ? state.Step : null);

        var progress = new TrainingProgress(output, TrainingProgress.IsInteractive(output), totalSteps, options.LogEvery);
        using var wordnet = OpenWordNet();
        var stepTimes = new List<double>();
        IReadOnlyDictionary<string, double?> lastEvaluation = new Dictionary<string, double?>();
        (int Epoch, List<int[]> Batches) epochBatches = (-1, new List<int[]>());
        bool stoppedEarly = false;
        if (state.Step == 0)
        {
            // The starting point of the validation curves: the model before any update.
            lastEvaluation = Evaluate(task, validation, wordnet);
            LogEvaluation(log, progress, 0, 0, lastEvaluation, best: false);
        }
        model.Module.train();
        BlockCheckpoint.Set(model.Module, options.GradientCheckpointing);
        while (state.Step < totalSteps && !stoppedEarly)
        {
            long step = state.Step;
            var timer = Stopwatch.StartNew();
            torch.manual_seed(unchecked(options.Seed * 1_000_003L + step)); // dropout masks depend on the step alone
            double lossSum = 0;
            int samples = 0;
            double epochPosition = 0;
            for (int micro = 0; micro < options.GradientAccumulation; micro++)
            {
                long index = step * options.GradientAccumulation + micro;
                int epoch = (int)(index / batchesPerEpoch);
                if (epochBatches.Epoch != epoch) epochBatches = (epoch, EpochOrder.Batches(train.Count, options.BatchSize, options.Seed, epoch).ToList());
                var rows = epochBatches.Batches[(int)(index % batchesPerEpoch)];
                using var scope = NewDisposeScope();
                var microLoss = task.Loss(train, rows, epoch, options.Augment);
                double value = microLoss.item<float>();
                if (!double.IsFinite(value))
                    throw new MedPeftFailure($"the training loss became {value} at step {step + 1} (epoch {epoch + 1}); the run stopped. " +
                        $"The last good checkpoint is {checkpoints.Find(CheckpointStore.Last) ?? "(none yet)"}. Try a lower --lr or --max-grad-norm.");
                (microLoss / options.GradientAccumulation).backward();
                lossSum += value;
                samples += rows.Length;
                epochPosition = (index + 1.0) / batchesPerEpoch;
            }
            double gradNorm = Clip(optimized);
            optimizer.LearningRate = schedule.At(step);
            optimizer.StepOnce();
            optimizer.ZeroGrad();
            timer.Stop();
            stepTimes.Add(timer.Elapsed.TotalSeconds);
            state = state with { Step = step + 1, TrainingSeconds = state.TrainingSeconds + timer.Elapsed.TotalSeconds };
            double meanLoss = lossSum / options.GradientAccumulation;
            progress.Step(state.Step, epochPosition, meanLoss, optimizer.LearningRate, timer.Elapsed.TotalSeconds, stepTimes.Average());
            log.Append(new JsonObject
            {
                ["type"] = "train", ["step"] = state.Step, ["epoch"] = epochPosition, ["loss"] = meanLoss, ["lr"] = optimizer.LearningRate,
                ["grad_norm"] = gradNorm, ["step_time"] = timer.Elapsed.TotalSeconds, ["samples_per_second"] = samples / timer.Elapsed.TotalSeconds,
                ["rss_bytes"] = ResourceUsage.ResidentBytes(), ["peak_rss_bytes"] = ResourceUsage.PeakResidentBytes(),
            });

            bool evaluate = state.Step % evalEvery == 0 || state.Step == totalSteps;
            if (evaluate)
            {
                lastEvaluation = Evaluate(task, validation, wordnet);
                model.Module.train();
                double? value = lastEvaluation.GetValueOrDefault(options.Metric);
                bool best = value is double v && MetricDirection.Improves(options.Metric, v, state.BestMetric);
                state = best
                    ? state with { BestMetric = value, BestStep = state.Step, EvaluationsWithoutImprovement = 0 }
                    : state with { EvaluationsWithoutImprovement = state.EvaluationsWithoutImprovement + 1 };
                stoppedEarly = options.Patience is int patience && state.EvaluationsWithoutImprovement >= patience;
                LogEvaluation(log, progress, state.Step, epochPosition, lastEvaluation, best);
                if (best) checkpoints.Save(CheckpointStore.Best, peft, optimizer, state, job.BaseModel);
            }
            bool finished = state.Step == totalSteps || stoppedEarly;
            if (finished) state = state with { Finished = true };
            bool stopping = stop.IsCancellationRequested && !finished;
            if (evaluate || finished || stopping || state.Step % options.SaveEvery == 0)
                checkpoints.Save(CheckpointStore.Last, peft, optimizer, state, job.BaseModel);
            if (stopping)
                throw new OperationCanceledException(
                    $"training stopped on request after step {state.Step} of {totalSteps}; its checkpoint is {checkpoints.Find(CheckpointStore.Last)}, and resuming the run continues it exactly", stop);
        }
        if (stoppedEarly) progress.Note($"stopped early: {options.Metric} did not improve for {options.Patience} evaluations.");
        var summary = new TrainingSummary(peft.Plan.ToString(), account.Trainable, account.Total, account.Percent, ResourceUsage.PeakResidentBytes(),
            stepTimes.Count == 0 ? 0 : stepTimes.Average(), Median(stepTimes), options.BatchSize * options.GradientAccumulation / Math.Max(1e-9, stepTimes.DefaultIfEmpty(0).Average()),
            wall.Elapsed.TotalSeconds, state.Step, state.Step * options.GradientAccumulation / (double)batchesPerEpoch,
            stoppedEarly, state.BestStep, state.BestMetric, options.Metric, lastEvaluation);
        WriteSummary(summary, log, state.Step);
        return summary;
    }

    static void LogEvaluation(MetricsLog log, TrainingProgress progress, long step, double epoch, IReadOnlyDictionary<string, double?> values, bool best)
    {
        var entry = new JsonObject { ["type"] = "eval", ["step"] = step, ["epoch"] = epoch, ["best"] = best };
        foreach (var (key, metric) in values) entry[key] = metric;
        log.Append(entry);
        progress.Note($"eval at step {step}: " + string.Join(", ", values.Where(kv => kv.Value is not null).Select(kv => $"{kv.Key} {kv.Value!.Value.ToString("0.####", CultureInfo.InvariantCulture)}"))
            + (best ? " (best so far)" : ""));
    }

    TrainingState Restore(CheckpointStore checkpoints, PeftModel peft, AdamW optimizer, MetricsLog log)
    {
        var checkpoint = checkpoints.Find(CheckpointStore.Last);
        if (checkpoint is null)
        {
            // Stopped before its first checkpoint (killed, or the disk was full): the run starts over.
            output.WriteLine($"{runDirectory}: no checkpoint yet (checkpoints/last); starting the run from step 0");
            log.TruncateAfter(-1);
            return TrainingState.Start;
        }
        var state = CheckpointStore.ReadState(checkpoint);
        AdapterFiles.LoadTensors(peft.Trainable, Path.Combine(checkpoint, AdapterFiles.WeightsFile));
        CheckpointStore.RestoreOptimizer(checkpoint, optimizer, state.Step);
        log.TruncateAfter(state.Step);
        return state;
    }

    double Clip(IReadOnlyList<(string Name, TorchSharp.Modules.Parameter Parameter)> optimized)
    {
        var withGrad = optimized.Select(p => p.Parameter).Where(p => p.grad is not null).ToList();
        if (withGrad.Count == 0) return 0;
        using var noGrad = torch.no_grad();
        return options.MaxGradNorm > 0
            ? nn.utils.clip_grad_norm_(withGrad, options.MaxGradNorm)
            : Math.Sqrt(withGrad.Sum(p => p.grad!.pow(2).sum().item<float>()));
    }

    IReadOnlyDictionary<string, double?> Evaluate(ITaskModel task, IReadOnlyList<DatasetRow> validation, WordNetDatabase? wordnet)
    {
        task.Model.Module.eval();
        var values = new Dictionary<string, double?> { ["val_loss"] = TaskEvaluator.Loss(task, validation, options.BatchSize) };
        if (options.EvalGenerate)
        {
            var predictions = TaskEvaluator.Predict(task, validation, options.BatchSize, task.DefaultGeneration);
            foreach (var (key, value) in SplitScores.Of(job.TaskKind, predictions, wordnet).Values) values[key] = value;
        }
        return values;
    }

    WordNetDatabase? OpenWordNet() =>
        job.TaskKind == DatasetTask.Report && options.EvalGenerate ? WordNetDatabase.OpenChosen(null) : null;

    void PrintStart(PeftModel peft, PeftAccount account, long totalSteps, long batchesPerEpoch, long? resumedAt)
    {
        output.WriteLine(resumedAt is long step ? $"resuming {runDirectory} at step {step}" : $"training into {runDirectory}");
        output.WriteLine($"  {job.Source}: {job.Train.Count} train / {job.Validation.Count} validation rows");
        output.WriteLine($"  method {peft.Plan}: {account.Trainable:N0} of {account.Total:N0} parameters trainable ({account.Percent.ToString("0.####", CultureInfo.InvariantCulture)}%)");
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"  AdamW lr {options.LearningRate:G4}, weight decay {options.WeightDecay:G4}, warmup {options.WarmupRatio:P0} then cosine to 0, batch {options.BatchSize} x {options.GradientAccumulation} accumulation, " +
            $"clip {options.MaxGradNorm:G4}, seed {options.Seed}, augmentation {(options.Augment ? "on" : "off")}{(options.GradientCheckpointing ? ", gradient checkpointing" : "")}" +
            $"{(options.Precision == Precision.Bf16 ? $", bf16 weights (products {Bf16Products.Description})" : "")}"));
        output.WriteLine($"  {totalSteps} optimizer steps ({batchesPerEpoch} batches per epoch), evaluation every {(options.EvalEvery > 0 ? $"{options.EvalEvery} steps" : "epoch")} on {options.Metric}" +
            (options.Patience is int p ? $", early stopping after {p} without improvement" : ""));
    }

    void WriteSummary(TrainingSummary summary, MetricsLog log, long step)
    {
        var json = JsonSerializer.SerializeToNode(summary, new JsonSerializerOptions { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower })!.AsObject();
        IO.AtomicFile.WriteAllText(Path.Combine(runDirectory, SummaryFile), json.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
        json["type"] = "summary";
        json["step"] = step;
        log.Append(json);
    }

    static double Median(List<double> values)
    {
        if (values.Count == 0) return 0;
        var sorted = values.OrderBy(v => v).ToList();
        return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[sorted.Count / 2 - 1] + sorted[sorted.Count / 2]) / 2;
    }
}
