namespace MedPeft.Data.BuiltIn;

/// <summary>
/// What a built dataset's questions look like: mix of types and forms, share of "yes" per closed
/// type, and how far always giving the training split's most common answer gets on test.
/// </summary>
internal sealed record DatasetStatistics(
    IReadOnlyDictionary<string, int> QuestionsPerSplit,
    IReadOnlyDictionary<string, (int Closed, int Open)> TypeMix,
    IReadOnlyDictionary<string, double> YesRatioPerClosedType,
    double MajorityClosedAccuracy, double MajorityOpenAccuracy,
    double MajorityPerTypeClosedAccuracy, double MajorityPerTypeOpenAccuracy)
{
    /// <summary>
    /// Majority baselines: "overall" answers every test question with the most common training answer
    /// of its form (closed/open); "per type" with the most common training answer of its question type and form.
    /// </summary>
    public static DatasetStatistics Compute(IReadOnlyDictionary<string, List<VqaRow>> questions)
    {
        var all = questions.Values.SelectMany(rows => rows).ToList();
        var train = questions.GetValueOrDefault(DatasetSplits.Train) ?? [];
        var test = questions.GetValueOrDefault(DatasetSplits.Test) ?? [];
        var mix = QuestionTypes.All.ToDictionary(type => type,
            type => (all.Count(r => r.QuestionType == type && r.IsClosed), all.Count(r => r.QuestionType == type && !r.IsClosed)));
        var yes = all.Where(r => r.IsClosed).GroupBy(r => r.QuestionType)
            .ToDictionary(g => g.Key, g => g.Count(r => r.Answer == "yes") / (double)g.Count());
        return new DatasetStatistics(
            questions.ToDictionary(p => p.Key, p => p.Value.Count), mix, yes,
            Majority(train, test, closed: true, perType: false), Majority(train, test, closed: false, perType: false),
            Majority(train, test, closed: true, perType: true), Majority(train, test, closed: false, perType: true));
    }

    static double Majority(List<VqaRow> train, List<VqaRow> test, bool closed, bool perType)
    {
        string Key(VqaRow row) => perType ? row.QuestionType : "";
        var common = train.Where(r => r.IsClosed == closed).GroupBy(Key)
            .ToDictionary(g => g.Key, g => g.GroupBy(r => r.Answer).OrderByDescending(a => a.Count()).ThenBy(a => a.Key, StringComparer.Ordinal).First().Key);
        var scored = test.Where(r => r.IsClosed == closed).ToList();
        return scored.Count == 0 ? double.NaN : scored.Count(r => common.GetValueOrDefault(Key(r)) == r.Answer) / (double)scored.Count;
    }

    /// <summary>A plain-text summary, one fact per line.</summary>
    public IEnumerable<string> Describe()
    {
        yield return "questions: " + string.Join(", ", DatasetSplits.All.Select(s => $"{s} {QuestionsPerSplit.GetValueOrDefault(s)}"));
        var closed = TypeMix.Values.Sum(m => m.Closed);
        var open = TypeMix.Values.Sum(m => m.Open);
        yield return $"closed/open: {closed}/{open}";
        yield return "by type (closed/open): " + string.Join(", ", TypeMix.Select(p => $"{p.Key} {p.Value.Closed}/{p.Value.Open}"));
        yield return "yes share of closed: " + string.Join(", ", YesRatioPerClosedType.OrderBy(p => QuestionTypes.All.ToList().IndexOf(p.Key)).Select(p => $"{p.Key} {p.Value:P0}"));
        yield return $"majority-answer baseline on test: closed {MajorityClosedAccuracy:P1}, open {MajorityOpenAccuracy:P1}; per question type: closed {MajorityPerTypeClosedAccuracy:P1}, open {MajorityPerTypeOpenAccuracy:P1}";
    }
}
