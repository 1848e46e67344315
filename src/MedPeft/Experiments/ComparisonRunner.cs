using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Nodes;
using MedPeft.Data.Datasets;
using MedPeft.Evaluation;
using MedPeft.Experiments.Statistics;
using MedPeft.Models;
using MedPeft.Models.BuiltIn;
using MedPeft.Nn;
using MedPeft.Peft;
using MedPeft.Runs;
using MedPeft.Training;

namespace MedPeft.Experiments;

/// <summary>
/// Runs a comparison: has every method trained under the same budget with each seed (each run in its own
/// process, so its peak memory is its own: the cells of a sweep), evaluates each on the test split, adds the zero-shot and
/// majority-answer reference rows, puts intervals on every score (bootstrap over the test questions,
/// paired across rows) and returns the result for the report.
/// </summary>
/// <param name="training">Gives the method runs trained to their end (or why one is not) to be evaluated.</param>
internal sealed class ComparisonRunner(ComparisonSpec spec, TextWriter log, IRunTraining training)
{
    readonly IReadOnlyList<TestSet> testSets = ComparisonData.TestSets(spec);

    /// <param name="workDirectory">Where the zero-shot model's predictions go (<c>runs/zero-shot</c>); the caller turns it into the results folder.</param>
    /// <param name="train">Trains the method runs, after the comparison has said what it runs on and before anything is
    /// evaluated; false: they are not all trained yet and the comparison ends there (null returned). A comparison stopped
    /// there ends in its <see cref="OperationCanceledException"/>, leaving the runs where a later <see cref="Run"/> continues them.</param>
    public ComparisonResult? Run(string workDirectory, Func<bool>? train = null)
    {
        var started = DateTimeOffset.Now;
        var clock = Stopwatch.StartNew();
        var notes = new List<string>();
        var machine = MachineInfoReader.Current();
        log.WriteLine($"processor: {machine.Processor} ({machine.InstructionSets}); linear layers on {machine.LinearKernel}");
        var modelFolder = ModelSource.Resolve(spec.Model);
        var (data, format, dataNote) = ComparisonData.Resolve(spec, modelFolder, log);
        notes.Add(dataNote);
        log.WriteLine(dataNote);
        if (spec.Model == BaseModel.Name) notes.Add($"Base model {new BaseModelRecipe().PretrainingDescription()}.");
        var index = DatasetFormats.Read(format, data, new DatasetOptions(spec.Task, Seed: spec.Seed));
        var splits = new[] { DatasetSplit.Train, DatasetSplit.Validation, DatasetSplit.Test }.ToDictionary(s => s.Name(), s => index[s].Count);
        var budget = spec.TrainingBudget;
        var seeds = spec.RunSeeds;
        log.WriteLine($"{splits["train"]} train / {splits["validation"]} validation / {splits["test"]} test rows; budget {budget.Name}: {budget.Steps} steps of batch {budget.BatchSize} per method, " +
            (seeds.Count == 1 ? $"seed {seeds[0]}" : $"seeds {string.Join(", ", seeds)}"));
        if (spec.Steps is not null)
            notes.Add($"{budget.Steps} optimizer steps per method replaced the {spec.Budget.Name} budget's {spec.Budget.Steps} (validation every {budget.EvalEvery} steps, checkpoint at the end).");

        var setRows = testSets.ToDictionary(set => set.Name, set => set.TestRows(spec.Task, spec.Seed));
        foreach (var set in testSets)
            log.WriteLine($"further test set {set.Name}: {setRows[set.Name].Count} test rows ({set.Format} at {set.Data}), scored without training on it");
        if (train is not null && !train()) return null;

        var zeroShot = Evaluate(modelFolder, data, format, null, ComparisonFolders.RunDirectory(workDirectory, ZeroShot));
        var majority = MajorityBaseline.Predict(index[DatasetSplit.Train], index[DatasetSplit.Test]);
        var majorityOnSets = testSets.ToDictionary(set => set.Name, set => (IReadOnlyList<PredictionRecord>)MajorityBaseline.Predict(index[DatasetSplit.Train], setRows[set.Name]));
        var majorityScores = WithSetScores(EvaluationRun.Score(spec.Task, majority).Values,
            testSets.Select(set => (set, EvaluationRun.Score(spec.Task, majorityOnSets[set.Name]).Values)));
        var evaluated = new Dictionary<string, IReadOnlyList<SeedRun>>
        {
            [ZeroShot] = [zeroShot],
            [Majority] = [new SeedRun(spec.Seed, null, majorityScores, majority, majorityOnSets, [])],
        };
        var rows = new List<ComparisonRow>
        {
            Reference(ZeroShot, ComparisonRowKind.ZeroShot, zeroShot.Scores),
            Reference(Majority, ComparisonRowKind.Majority, majorityScores),
        };
        foreach (var row in spec.Rows)
        {
            var runs = seeds.Select(seed => TrainAndEvaluate(row, seed, modelFolder, data, format, notes)).ToList();
            rows.Add(MethodRow.Of(row.Name, ScopeOf(modelFolder, PeftPlan.Parse(row.Method)), runs));
            if (runs.Where(r => r.Predictions is not null).ToList() is { Count: > 0 } trained) evaluated[row.Name] = trained;
        }
        var splitPredictions = new[] { (TestSet?)null }.Concat(testSets).Select(set => new ComparisonIntervals.Predictions(set,
            evaluated.ToDictionary(e => e.Key, e => (IReadOnlyList<IReadOnlyList<PredictionRecord>>)e.Value
                .Select(run => set is null ? run.Predictions! : run.SetPredictions![set.Name]).ToList()))).ToList();
        var (withIntervals, bootstrapSetting) = ComparisonIntervals.Add(rows, splitPredictions, spec.Task, PrimaryScore);
        notes.Add($"Intervals: 95% percentile bootstrap over the {bootstrapSetting.Questions} test questions ({bootstrapSetting.Resamples} resamples of seed {bootstrapSetting.Seed}" +
            (testSets.Count > 0 ? $"; each further test set resampled the same way over its own {string.Join(", ", testSets.Select(set => $"{setRows[set.Name].Count} ({set.Name})"))}" : "") +
            "), the same resampled questions for every row, so differences between rows are paired; a row's value on a resample is the mean over its seeds" +
            (seeds.Count > 1 ? $"; ± is the standard deviation over the {seeds.Count} seeds." : "; one seed, so no spread over seeds."));
        foreach (var set in testSets)
            notes.Add($"{set.Name} ({set.Format} at {set.Data}): scored for every row without training on it; its columns carry its name, its predictions are in each run's {ComparisonFolders.SetTest(set.Name)}/.");
        notes.Add($"Learning rates (AdamW, warmup 5% then cosine to 0): {string.Join(", ", spec.Rows.Select(r => $"{r.Name} {r.LearningRate:0.#####}"))}.");
        notes.Add("Costs are measured in this run: peak memory is each training process's peak resident memory; s/step is the mean optimizer step (forward, backward, AdamW).");
        if (spec.GradientCheckpointing)
            notes.Add("Every run recomputed its transformer blocks' activations in the backward pass (gradient checkpointing): less peak memory and more s/step than without, the same training.");
        if (spec.Precision == Precision.Bf16)
            notes.Add($"Every run and evaluation stored the frozen linear weights in bfloat16 (trainable tensors and AdamW state in float32); products {Bf16Products.Description}.");
        var folders = new[] { $"{ComparisonFolders.Runs}/{ZeroShot}/{ComparisonFolders.Test}" }
            .Concat(spec.Rows.Where(r => rows.Any(row => row.Name == r.Name && row.Scores.Count > 0)).Select(training.TestFolders));
        notes.Add($"Test predictions ({EvaluationRun.PredictionsFileName}) and scores ({EvaluationRun.ScoresFileName}), as medpeft eval writes them: {string.Join(", ", folders)}.");
        return new ComparisonResult($"MedPeft comparison: {spec.Task.Name()} on {Path.GetFileName(Path.TrimEndingDirectorySeparator(data))}",
            spec.Task.Name(), spec.Model, data, format, splits, budget, seeds, started, clock.Elapsed.TotalSeconds,
            machine, PrimaryScore, ScoreColumns.Concat(testSets.Select(set => set.Key(PrimaryScore))).ToList(), withIntervals, notes, bootstrapSetting,
            testSets);
    }

    const string ZeroShot = "zero-shot", Majority = "majority";

    string PrimaryScore => spec.Task == DatasetTask.Vqa ? "overall_accuracy" : "bleu4";

    IReadOnlyList<string> ScoreColumns => spec.Task == DatasetTask.Vqa
        ? new[] { "closed_accuracy", "open_exact_match", "overall_accuracy" }
        : new[] { "bleu4", "meteor", "rougeL", "cider" };

    SeedRun TrainAndEvaluate(ComparisonMethod row, int seed, string modelFolder, string data, string format, List<string> notes)
    {
        var run = spec.RunOf(row, seed, modelFolder, data, format);
        log.WriteLine();
        log.WriteLine($"== {row.Name}: {run.Training.MaxSteps} steps, lr {run.Training.LearningRate:0.#####}" + (spec.RunSeeds.Count > 1 ? $", seed {seed}" : ""));
        var trained = training.Train(row, seed, run);
        if (trained.Failure is string failure)
        {
            notes.Add($"{row.Name}{(spec.RunSeeds.Count > 1 ? $" (seed {seed})" : "")}: {failure}.");
            return new SeedRun(seed, null, new Dictionary<string, double?>(), null, null, []);
        }
        var runDirectory = trained.Directory;
        var summary = JsonSerializer.Deserialize<TrainingSummary>(File.ReadAllText(Path.Combine(runDirectory, Trainer.SummaryFile)), new JsonSerializerOptions { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower })!;
        var adapter = Path.Combine(runDirectory, "checkpoints", CheckpointStore.Best);
        return Evaluate(modelFolder, data, format, adapter, runDirectory) with { Seed = seed, Summary = summary, Curve = Curve(runDirectory) };
    }

    /// <summary>
    /// Evaluates the model (with the adapter, if any) on the test split, in <c>test/</c> of the run folder,
    /// and on every further test set, in <c>test-&lt;set&gt;/</c>; the scores of a further set under its keys.
    /// </summary>
    SeedRun Evaluate(string modelFolder, string data, string format, string? adapter, string runDirectory)
    {
        var (scores, records) = PredictAndScore(modelFolder, data, format, adapter, Path.Combine(runDirectory, ComparisonFolders.Test));
        var onSets = testSets.Select(set => (Set: set, Result: PredictAndScore(modelFolder, set.Data, set.Format, adapter, Path.Combine(runDirectory, ComparisonFolders.SetTest(set.Name))))).ToList();
        return new SeedRun(spec.Seed, null, WithSetScores(scores, onSets.Select(s => (s.Set, s.Result.Scores))), records,
            onSets.ToDictionary(s => s.Set.Name, s => s.Result.Records), []);
    }

    /// <summary>The test split's scores with each further set's beside them under its keys (<see cref="TestSet.Key"/>).</summary>
    static Dictionary<string, double?> WithSetScores(IReadOnlyDictionary<string, double?> scores, IEnumerable<(TestSet Set, IReadOnlyDictionary<string, double?> Scores)> onSets)
    {
        var all = new Dictionary<string, double?>(scores);
        foreach (var (set, setScores) in onSets)
            foreach (var (key, value) in set.Keyed(setScores)) all[key] = value;
        return all;
    }

    /// <summary>Evaluates the model (with the adapter, if any) on the test split and keeps its predictions and scores in <paramref name="testDirectory"/>.</summary>
    (IReadOnlyDictionary<string, double?> Scores, IReadOnlyList<PredictionRecord> Records) PredictAndScore(string modelFolder, string data, string format, string? adapter, string testDirectory)
    {
        var evaluation = new EvaluationSpec(modelFolder, adapter, data, format, spec.Task, DatasetSplit.Test, Device: spec.Device, Seed: spec.Seed, Precision: spec.Precision);
        var records = EvaluationRun.Predict(evaluation).Records;
        return (EvaluationRun.ScoreAndWrite(evaluation, records, testDirectory).Values, records);
    }

    static ComparisonRow Reference(string name, ComparisonRowKind kind, IReadOnlyDictionary<string, double?> scores) =>
        new(name, kind, "–", null, null, null, null, null, null, null, scores, Array.Empty<ValidationPoint>());

    /// <summary>Which components each method of the plan trained, e.g. "ln: vision, text-encoder, decoder".</summary>
    static string ScopeOf(string modelFolder, PeftPlan plan)
    {
        using var model = HfModelLoader.LoadStructure(modelFolder);
        var peft = PeftModel.Apply(model, plan, new PeftOptions());
        return string.Join("; ", peft.Applied.Select(a => peft.Applied.Count == 1 ? string.Join(", ", a.Components) : $"{a.Item.Method}: {string.Join(", ", a.Components)}"));
    }

    IReadOnlyList<ValidationPoint> Curve(string runDirectory) =>
        new MetricsLog(Path.Combine(runDirectory, "metrics.jsonl")).Entries()
            .Where(e => e["type"]?.GetValue<string>() == "eval")
            .Select(e => new ValidationPoint(e["step"]!.GetValue<long>(), e["epoch"]?.GetValue<double>() ?? 0, Number(e, "val_loss"), Number(e, PrimaryScore)))
            .ToList();

    static double? Number(JsonObject entry, string key) => entry[key] is JsonValue value && value.TryGetValue<double>(out var number) ? number : null;
}
