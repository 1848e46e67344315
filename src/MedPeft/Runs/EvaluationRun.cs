using System.Text.Json;
using MedPeft.Data.Datasets;
using MedPeft.Evaluation;
using MedPeft.Evaluation.Metrics.WordNet;
using MedPeft.IO;
using MedPeft.Nn;
using MedPeft.Tasks;
using static TorchSharp.torch;

namespace MedPeft.Runs;

/// <summary>
/// What to evaluate: a model (with an adapter or not) on one split of a dataset. <paramref name="Seed"/> seeds
/// what is random in loading (a dataset's validation split where it ships none); <paramref name="Precision"/> how the model's weights are stored.
/// </summary>
public sealed record EvaluationSpec(string Model, string? Adapter, string Data, string Format, DatasetTask Task, DatasetSplit Split,
    GenerationSettings? Generation = null, int BatchSize = 16, string? Template = null, string QuestionLanguage = "en", string Device = "cpu", string? WordNet = null,
    int Seed = 42, Precision Precision = Precision.Fp32);

/// <summary>
/// Loads a model (and adapter), generates an answer or report for every row of a split, and scores
/// them: what <c>medpeft eval</c> and <c>medpeft predict</c> run.
/// </summary>
public static class EvaluationRun
{
    /// <summary>The predictions file <see cref="ScoreAndWrite"/> writes: JSON Lines, one record per row.</summary>
    public const string PredictionsFileName = "predictions.jsonl";

    /// <summary>The scores file <see cref="ScoreAndWrite"/> writes: one JSON object.</summary>
    public const string ScoresFileName = "scores.json";

    /// <summary>
    /// Loads the model (and adapter) and generates an answer or report for every row of the split, in the
    /// split's order; returns them with the generation settings used (the spec's, or the model family's defaults).
    /// </summary>

    public static (IReadOnlyList<PredictionRecord> Records, GenerationSettings Settings) Predict(EvaluationSpec spec)
    {
        using var scope = NewDisposeScope();
        using var run = RunLoader.ForEvaluation(spec);
        var settings = spec.Generation ?? run.Task.DefaultGeneration;
        return (TaskEvaluator.Predict(run.Task, run.Data[spec.Split], spec.BatchSize, settings), settings);
    }

    /// <summary>Scores predictions and writes <c>predictions.jsonl</c> and <c>scores.json</c> into <paramref name="outDirectory"/>.</summary>
    public static SplitScores ScoreAndWrite(EvaluationSpec spec, IReadOnlyList<PredictionRecord> records, string outDirectory)
    {
        using var wordnet = OpenWordNet(spec.Task, spec.WordNet);
        var scores = SplitScores.Of(spec.Task, records, wordnet);
        Directory.CreateDirectory(outDirectory);
        PredictionsFile.Write(Path.Combine(outDirectory, PredictionsFileName), records);
        var writer = new StringWriter();
        if (scores.Vqa is not null) ScoreOutput.WriteVqaJson(writer, PredictionsFileName, scores.Vqa);
        else ScoreOutput.WriteReportJson(writer, PredictionsFileName, scores.Reports!, scores.WordNet);
        AtomicFile.WriteAllText(Path.Combine(outDirectory, ScoresFileName), writer.ToString());
        return scores;
    }

    /// <summary>Scores predictions with the task's metrics, as <see cref="ScoreAndWrite"/> does (WordNet from
    /// <c>MEDPEFT_WORDNET</c>, else the shipped one), without writing them.</summary>
    public static SplitScores Score(DatasetTask task, IReadOnlyList<PredictionRecord> records)
    {
        using var wordnet = OpenWordNet(task, null);
        return SplitScores.Of(task, records, wordnet);
    }

    /// <summary>WordNet for METEOR when the task is report generation (a folder that is not WordNet 3.0 is an error); null otherwise.</summary>
    static WordNetDatabase? OpenWordNet(DatasetTask task, string? directory) =>
        task == DatasetTask.Report ? WordNetDatabase.OpenChosen(directory) : null;
}
