using MedPeft.Data.Datasets;
using MedPeft.Evaluation;

namespace MedPeft.Experiments;

/// <summary>
/// The majority-answer reference: every question gets the most frequent training answer of its answer
/// type (closed and open separately; reports: the most frequent training report).
/// </summary>
internal static class MajorityBaseline
{
    public static List<PredictionRecord> Predict(IReadOnlyList<DatasetRow> train, IReadOnlyList<DatasetRow> test)
    {
        var byType = train.Where(r => r.AnswerType is not null).GroupBy(r => r.AnswerType!.Value).ToDictionary(g => g.Key, g => MostFrequent(g));
        var overall = MostFrequent(train);
        return test.Select(row => new PredictionRecord(row.Id, row.AnswerType is { } t && byType.TryGetValue(t, out var answer) ? answer : overall, new[] { row.Answer },
            row.AnswerType is { } type ? (type == AnswerType.Closed ? "CLOSED" : "OPEN") : null, row.Question, row.QuestionType, row.ImagePaths)).ToList();
    }

    // Ties go to the answer that sorts first, so the baseline does not depend on row order.
    static string MostFrequent(IEnumerable<DatasetRow> rows) =>
        rows.GroupBy(r => r.Answer.Trim().ToLowerInvariant()).OrderByDescending(g => g.Count()).ThenBy(g => g.Key, StringComparer.Ordinal).First().Key;
}
