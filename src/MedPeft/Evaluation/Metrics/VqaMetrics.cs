namespace MedPeft.Evaluation.Metrics;

/// <summary>Closed (yes/no) or open Med-VQA question.</summary>
internal enum VqaAnswerType
{
    Closed,
    Open,
}

/// <summary>
/// One answered question. With several references an answer counts as right when it matches any
/// of them (each value is the best over the references).
/// </summary>
internal sealed record VqaItem(string Id, string Prediction, IReadOnlyList<string> References, VqaAnswerType AnswerType, string? QuestionType = null);

/// <summary>The values of one question under <see cref="VqaAnswerRules"/>; the closed values are null for open questions.</summary>
internal sealed record VqaItemScore(
    string Id, VqaAnswerType AnswerType, string? QuestionType,
    string NormalizedPrediction, IReadOnlyList<string> NormalizedReferences,
    double ExactMatch, double Recall, string? ClosedAnswer, double? ClosedCorrect);

/// <summary>
/// Accuracies over a set of questions; a value is null when the set has no question it averages over.
/// <see cref="OverallAccuracy"/> counts exact match for open and the yes/no rule for closed questions.
/// </summary>
internal sealed record VqaSummary(
    int Items, int Open, int Closed,
    double? ClosedAccuracy, double? OpenExactMatch, double? OpenRecall, double? OverallAccuracy,
    double? ExactMatchAllItems, double? RecallAllItems)
{
    /// <summary>The summary of <paramref name="items"/>.</summary>
    public static VqaSummary Of(IReadOnlyList<VqaItemScore> items)
    {
        var open = items.Where(i => i.AnswerType == VqaAnswerType.Open).ToList();
        var closed = items.Where(i => i.AnswerType == VqaAnswerType.Closed).ToList();
        var hits = items.Select(i => i.ClosedCorrect ?? i.ExactMatch).ToList();
        return new VqaSummary(items.Count, open.Count, closed.Count,
            MeanOrNull(closed.Select(i => i.ClosedCorrect!.Value)),
            MeanOrNull(open.Select(i => i.ExactMatch)),
            MeanOrNull(open.Select(i => i.Recall)),
            MeanOrNull(hits),
            MeanOrNull(items.Select(i => i.ExactMatch)),
            MeanOrNull(items.Select(i => i.Recall)));
    }

    static double? MeanOrNull(IEnumerable<double> values)
    {
        var list = values.ToList();
        return list.Count == 0 ? null : Mean.Sequential(list);
    }
}

/// <summary>Med-VQA scores of a set: overall, per answer type (CLOSED/OPEN), per question type (sorted), and per question.</summary>
internal sealed record VqaScores(
    VqaSummary Corpus,
    IReadOnlyDictionary<VqaAnswerType, VqaSummary> ByAnswerType,
    IReadOnlyDictionary<string, VqaSummary> ByQuestionType,
    IReadOnlyList<VqaItemScore> Items);

/// <summary>Scores Med-VQA answers with <see cref="VqaAnswerRules"/>.</summary>
internal static class VqaMetrics
{
    /// <summary>
    /// Scores every item, then summarises all of them, each answer type present, and each question
    /// type (items without a question type are left out of that breakdown only).
    /// </summary>
    public static VqaScores Score(IReadOnlyList<VqaItem> items)
    {
        var scores = items.Select(ScoreItem).ToList();
        var byAnswerType = new SortedDictionary<VqaAnswerType, VqaSummary>(
            scores.GroupBy(s => s.AnswerType).ToDictionary(g => g.Key, g => VqaSummary.Of(g.ToList())));
        var byQuestionType = new SortedDictionary<string, VqaSummary>(
            scores.Where(s => s.QuestionType is not null).GroupBy(s => s.QuestionType!, StringComparer.Ordinal)
                .ToDictionary(g => g.Key, g => VqaSummary.Of(g.ToList()), StringComparer.Ordinal),
            StringComparer.Ordinal);
        return new VqaScores(VqaSummary.Of(scores), byAnswerType, byQuestionType, scores);
    }

    /// <summary>The values of one item.</summary>
    public static VqaItemScore ScoreItem(VqaItem item)
    {
        if (item.References.Count == 0) throw new ArgumentException($"VQA item {item.Id} has no reference.", nameof(item));
        var closed = item.AnswerType == VqaAnswerType.Closed;
        return new VqaItemScore(
            item.Id, item.AnswerType, item.QuestionType,
            VqaAnswerRules.Normalize(item.Prediction),
            item.References.Select(VqaAnswerRules.Normalize).ToArray(),
            item.References.Max(r => VqaAnswerRules.ExactMatch(item.Prediction, r)),
            item.References.Max(r => VqaAnswerRules.Recall(item.Prediction, r)),
            closed ? VqaAnswerRules.ClosedAnswer(item.Prediction) : null,
            closed ? item.References.Max(r => VqaAnswerRules.ClosedCorrect(item.Prediction, r)) : null);
    }
}
