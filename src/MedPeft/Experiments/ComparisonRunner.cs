using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Nodes;
using MedPeft.Data.Datasets;
using MedPeft.Evaluation;
using MedPeft.Models;
using MedPeft.Models.BuiltIn;
using MedPeft.Peft;
using MedPeft.Runs;
using MedPeft.Training;

namespace MedPeft.Experiments;

/// <summary>
/// Runs a comparison: trains every method under the same budget and seed (each in its own process,
/// so its peak memory is its own), evaluates each on the test split, adds the zero-shot and
/// majority-answer reference rows, and returns the result for the report.
/// </summary>
/// <param name="trainInChild">Trains the run described by a run folder's run description in a new process (<c>medpeft
/// train</c>): starts it, or when its second argument is true continues it; returns the process's exit code.</param>
/// <param name="stop">Asks the comparison to stop: it forwards the request to the training it waits for (the caller's
/// <paramref name="trainInChild"/> does), then throws an <see cref="OperationCanceledException"/>, leaving the runs so
/// far in the work folder, where a later <see cref="Run"/> continues them.</param>
internal sealed class ComparisonRunner(ComparisonSpec spec, TextWriter log, Func<string, bool, int> trainInChild, CancellationToken stop = default)
{
    /// <param name="workDirectory">Where the runs go (<c>runs/&lt;method&gt;</c>); the caller turns it into the results folder.
    /// Runs a stopped comparison left there are continued, trained ones only evaluated.</param>
    public ComparisonResult Run(string workDirectory)
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
        log.WriteLine($"{splits["train"]} train / {splits["validation"]} validation / {splits["test"]} test rows; budget {budget.Name}: {budget.Steps} steps of batch {budget.BatchSize} per method, seed {spec.Seed}");
        if (spec.Steps is not null)
            notes.Add($"{budget.Steps} optimizer steps per method replaced the {spec.Budget.Name} budget's {spec.Budget.Steps} (validation every {budget.EvalEvery} steps, checkpoint at the end).");

        var rows = new List<ComparisonRow>
        {
            Reference(ZeroShot, ComparisonRowKind.ZeroShot, PredictAndScore(modelFolder, data, format, null, Path.Combine(RunDirectory(workDirectory, ZeroShot), TestFolder))),
            Reference("majority", ComparisonRowKind.Majority, EvaluationRun.Score(spec.Task, MajorityBaseline.Predict(index[DatasetSplit.Train], index[DatasetSplit.Test])).Values),
        };
        foreach (var method in spec.Methods)
            rows.Add(TrainAndEvaluate(method, modelFolder, data, format, RunDirectory(workDirectory, method), notes));
        notes.Add($"Learning rates (AdamW, warmup 5% then cosine to 0): {string.Join(", ", spec.Methods.Select(m => $"{m} {budget.LearningRateFor(PeftPlan.Parse(m)):0.#####}"))}.");
        notes.Add("Costs are measured in this run: peak memory is each training process's peak resident memory; s/step is the mean optimizer step (forward, backward, AdamW).");
        var evaluated = rows.Where(r => r.Kind != ComparisonRowKind.Majority && r.Scores.Count > 0).Select(r => $"{RunsFolder}/{Safe(r.Name)}/{TestFolder}");
        notes.Add($"Test predictions ({EvaluationRun.PredictionsFileName}) and scores ({EvaluationRun.ScoresFileName}), as medpeft eval writes them: {string.Join(", ", evaluated)}.");
        return new ComparisonResult($"MedPeft comparison: {spec.Task.Name()} on {Path.GetFileName(Path.TrimEndingDirectorySeparator(data))}",
            spec.Task.Name(), spec.Model, data, format, splits, budget, spec.Seed, started, clock.Elapsed.TotalSeconds,
            machine, PrimaryScore, ScoreColumns, rows, notes);
    }

    const string RunsFolder = "runs", TestFolder = "test", ZeroShot = "zero-shot";

    /// <summary>Where a method's run goes, <c>runs/&lt;method&gt;</c>, with its test predictions and scores in <c>test/</c>
    /// (the zero-shot model's: <c>runs/zero-shot/test</c>).</summary>
    static string RunDirectory(string workDirectory, string name) => Path.Combine(workDirectory, RunsFolder, Safe(name));

    string PrimaryScore => spec.Task == DatasetTask.Vqa ? "overall_accuracy" : "bleu4";

    IReadOnlyList<string> ScoreColumns => spec.Task == DatasetTask.Vqa
        ? new[] { "closed_accuracy", "open_exact_match", "overall_accuracy" }
        : new[] { "bleu4", "meteor", "rougeL", "cider" };

    ComparisonRow TrainAndEvaluate(string method, string modelFolder, string data, string format, string runDirectory, List<string> notes)
    {
        var plan = PeftPlan.Parse(method);
        var training = spec.TrainingBudget.TrainingFor(plan, spec.Seed);
        log.WriteLine();
        log.WriteLine($"== {method}: {training.MaxSteps} steps, lr {training.LearningRate:0.#####}");
        // The child reads the run description the parent wrote: nothing is re-encoded on the way.
        var run = new RunSpec(modelFolder, data, format, spec.Task, plan.ToString(), null, new PeftOptions(), training, Device: spec.Device);
        Directory.CreateDirectory(runDirectory);
        var progress = RunProgressOf.Folder(runDirectory, run);
        if (progress == RunProgress.New) run.Save(runDirectory);
        else log.WriteLine(progress == RunProgress.Trained ? "trained before this comparison was stopped" : "continuing its run, which was stopped");
        int exit = progress == RunProgress.Trained || stop.IsCancellationRequested ? 0 : trainInChild(runDirectory, progress == RunProgress.Started);
        if (stop.IsCancellationRequested) throw new OperationCanceledException($"the comparison stopped on request at {method}'s training", stop);
        var summaryPath = Path.Combine(runDirectory, Trainer.SummaryFile);
        if (exit != 0 || !File.Exists(summaryPath))
        {
            notes.Add($"{method}: training failed (exit code {exit}); see {RunsFolder}/{Path.GetFileName(runDirectory)}.");
            return new ComparisonRow(method, ComparisonRowKind.Method, ScopeOf(modelFolder, plan), null, null, null, null, null, null, null,
                new Dictionary<string, double?>(), Array.Empty<ValidationPoint>());
        }
        var summary = JsonSerializer.Deserialize<TrainingSummary>(File.ReadAllText(summaryPath), new JsonSerializerOptions { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower })!;
        var adapter = Path.Combine(runDirectory, "checkpoints", CheckpointStore.Best);
        var scores = PredictAndScore(modelFolder, data, format, adapter, Path.Combine(runDirectory, TestFolder));
        return new ComparisonRow(method, ComparisonRowKind.Method, ScopeOf(modelFolder, plan), summary.TrainableParameters, summary.TotalParameters,
            summary.TrainablePercent, summary.PeakMemoryBytes, summary.MeanStepSeconds, summary.WallSeconds, summary.Steps, scores, Curve(runDirectory));
    }

    /// <summary>Evaluates the model (with the adapter, if any) on the test split and keeps its predictions and scores in <paramref name="testDirectory"/>.</summary>
    IReadOnlyDictionary<string, double?> PredictAndScore(string modelFolder, string data, string format, string? adapter, string testDirectory)
    {
        var evaluation = new EvaluationSpec(modelFolder, adapter, data, format, spec.Task, DatasetSplit.Test, Device: spec.Device);
        return EvaluationRun.ScoreAndWrite(evaluation, EvaluationRun.Predict(evaluation).Records, testDirectory).Values;
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

    static string Safe(string method) => string.Concat(method.Select(c => char.IsLetterOrDigit(c) || c == '-' ? c : '_'));
}
