using MedPeft.Data.Datasets;
using MedPeft.Evaluation.Metrics;
using MedPeft.Evaluation.Metrics.WordNet;

namespace MedPeft.Evaluation;

/// <summary>
/// The scores of a split: the flat values by their JSON keys, the full VQA or report scores, and which
/// WordNet METEOR used (<see cref="WordNetDatabase.Description"/>; null when METEOR was not computed).
/// </summary>
public sealed record SplitScores
{
    /// <summary>Every score by its JSON key (<c>overall_accuracy</c>, <c>closed_accuracy</c>, ...; <c>bleu1</c>..<c>bleu4</c>, <c>meteor</c>, <c>rougeL</c>, <c>cider</c>); null where it cannot be computed.</summary>
    public required IReadOnlyDictionary<string, double?> Values { get; init; }

    /// <summary>The full Med-VQA scores (per item and per question type); null for reports.</summary>
    internal VqaScores? Vqa { get; init; }

    /// <summary>The full report scores; null for VQA.</summary>
    internal ReportScores? Reports { get; init; }

    /// <summary>The WordNet METEOR used; null when METEOR was not computed.</summary>
    public string? WordNet { get; init; }

    /// <summary>Scores a split's predictions with the task's metrics (METEOR with <paramref name="wordnet"/>).</summary>
    internal static SplitScores Of(DatasetTask task, IReadOnlyList<PredictionRecord> records, WordNetDatabase? wordnet)
    {
        if (task == DatasetTask.Vqa)
        {
            var scores = VqaMetrics.Score(records.Select(r => new VqaItem(r.Id, r.Prediction, r.References,
                r.AnswerType == "CLOSED" ? VqaAnswerType.Closed : VqaAnswerType.Open, r.QuestionType)).ToList());
            var c = scores.Corpus;
            return new SplitScores
            {
                Values = new Dictionary<string, double?>
                {
                    ["closed_accuracy"] = c.ClosedAccuracy, ["open_exact_match"] = c.OpenExactMatch, ["open_recall"] = c.OpenRecall,
                    ["overall_accuracy"] = c.OverallAccuracy,
                },
                Vqa = scores,
            };
        }
        var reports = ReportMetrics.Score(records.Select(r => new ReportPair(r.Id, r.Prediction, r.References)).ToList(), wordnet);
        var values = new Dictionary<string, double?>();
        for (int k = 0; k < reports.Bleu.Count; k++) values[$"bleu{k + 1}"] = reports.Bleu[k];
        values["meteor"] = reports.Meteor;
        values["rougeL"] = reports.RougeL;
        values["cider"] = reports.Cider;
        return new SplitScores { Values = values, Reports = reports, WordNet = wordnet?.Description };
    }
}


