using MedPeft.Data.Datasets;
using MedPeft.Evaluation.Metrics;
using MedPeft.Evaluation.Metrics.WordNet;
using MedPeft.Tasks;
using TorchSharp;
using static TorchSharp.torch;

namespace MedPeft.Evaluation;

/// <summary>
/// The scores of a split: the flat values by their JSON keys, the full VQA or report scores, and which
/// WordNet METEOR used (<see cref="WordNetDatabase.Description"/>; null when METEOR was not computed).
/// </summary>
public sealed record SplitScores(IReadOnlyDictionary<string, double?> Values, VqaScores? Vqa, ReportScores? Reports, string? WordNet);

/// <summary>Generates answers or reports for a split and scores them with the field's metrics.</summary>
public static class TaskEvaluator
{
    /// <summary>Mean loss over the split's batches (no augmentation, no gradient).</summary>
    public static double Loss(ITaskModel task, IReadOnlyList<DatasetRow> rows, int batchSize)
    {
        using var noGrad = torch.no_grad();
        double total = 0;
        int count = 0;
        foreach (var indices in Batches(rows.Count, batchSize))
        {
            using var scope = NewDisposeScope();
            total += task.Loss(rows, indices, 0, augment: false).item<float>() * indices.Length;
            count += indices.Length;
        }
        return total / count;
    }

    /// <summary>One prediction record per row, in the split's order.</summary>
    public static List<PredictionRecord> Predict(ITaskModel task, IReadOnlyList<DatasetRow> rows, int batchSize, GenerationSettings settings)
    {
        var records = new List<PredictionRecord>(rows.Count);
        foreach (var indices in Batches(rows.Count, batchSize))
        {
            var texts = task.Generate(rows, indices, settings);
            for (int i = 0; i < indices.Length; i++)
            {
                var row = rows[indices[i]];
                records.Add(new PredictionRecord(row.Id, texts[i], new[] { row.Answer },
                    row.AnswerType is { } type ? (type == AnswerType.Closed ? "CLOSED" : "OPEN") : null,
                    row.Question, row.QuestionType, row.ImagePaths));
            }
        }
        return records;
    }

    public static SplitScores Score(DatasetTask task, IReadOnlyList<PredictionRecord> records, WordNetDatabase? wordnet)
    {
        if (task == DatasetTask.Vqa)
        {
            var scores = VqaMetrics.Score(records.Select(r => new VqaItem(r.Id, r.Prediction, r.References,
                r.AnswerType == "CLOSED" ? VqaAnswerType.Closed : VqaAnswerType.Open, r.QuestionType)).ToList());
            var c = scores.Corpus;
            return new SplitScores(new Dictionary<string, double?>
            {
                ["closed_accuracy"] = c.ClosedAccuracy, ["open_exact_match"] = c.OpenExactMatch, ["open_recall"] = c.OpenRecall,
                ["overall_accuracy"] = c.OverallAccuracy,
            }, scores, null, null);
        }
        var reports = ReportMetrics.Score(records.Select(r => new ReportPair(r.Id, r.Prediction, r.References)).ToList(), wordnet);
        var values = new Dictionary<string, double?>();
        for (int k = 0; k < reports.Bleu.Count; k++) values[$"bleu{k + 1}"] = reports.Bleu[k];
        values["meteor"] = reports.Meteor;
        values["rougeL"] = reports.RougeL;
        values["cider"] = reports.Cider;
        return new SplitScores(values, null, reports, wordnet?.Description);
    }

    static IEnumerable<int[]> Batches(int count, int batchSize)
    {
        for (int start = 0; start < count; start += batchSize)
            yield return Enumerable.Range(start, Math.Min(batchSize, count - start)).ToArray();
    }
}
