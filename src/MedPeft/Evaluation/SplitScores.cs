using MedPeft.Data.Datasets;
using MedPeft.Evaluation.Metrics;
using MedPeft.Evaluation.Metrics.WordNet;

namespace MedPeft.Evaluation;

/// <summary>
/// The scores of a split: the flat values by their JSON keys, the full VQA or report scores, and which
/// WordNet METEOR used (<see cref="WordNetDatabase.Description"/>; null when METEOR was not computed).
/// </summary>
public sealed record SplitScores(IReadOnlyDictionary<string, double?> Values, VqaScores? Vqa, ReportScores? Reports, string? WordNet)
{
    /// <summary>Scores a split's predictions with the task's metrics (METEOR with <paramref name="wordnet"/>).</summary>
    public static SplitScores Of(DatasetTask task, IReadOnlyList<PredictionRecord> records, WordNetDatabase? wordnet)
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
}


