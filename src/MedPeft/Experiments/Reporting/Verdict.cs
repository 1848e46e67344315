using MedPeft.Experiments.Statistics;

namespace MedPeft.Experiments.Reporting;

/// <summary>
/// The comparison's conclusion in one line, from the paired intervals of the primary score: which
/// methods cannot be told apart from the best one at this budget, and the cheapest of them.
/// </summary>
/// <remarks>
/// A method is called worse than another only when the 95% interval of their paired difference (the
/// same resampled test questions for both, averaged over seeds) lies below zero; otherwise the two are
/// "indistinguishable at this budget", however far apart their means. The efficient method is the one
/// with the fewest trainable parameters among the best method and those indistinguishable from it.
/// Trainable parameters are the cost because they are exact and repeatable and fix the optimizer state
/// and the saved adapter's size; peak memory and time per step are measured on a shared machine, so they
/// only break ties and are quoted as ratios.
/// </remarks>
/// <param name="Line">The one-line verdict.</param>
/// <param name="EfficientMethod">The method the rule picks; null when no method has a score.</param>
/// <param name="BestMethods">The method with the highest mean primary score and those indistinguishable from it, cheapest first.</param>
internal sealed record Verdict(string Line, string? EfficientMethod, IReadOnlyList<string> BestMethods)
{
    /// <summary>The rule in words, for the reports.</summary>
    public static string Rule { get; } =
        "A method is called better or worse than another only when the 95% interval of their paired difference on the primary score " +
        "(bootstrap over the test questions, the same questions for both, averaged over seeds) excludes zero; otherwise they are " +
        "indistinguishable at this budget. The efficient method is the one with the fewest trainable parameters among the method with " +
        "the best mean score and those indistinguishable from it (then the higher mean, the lower peak memory, the lower time per step). " +
        "Trainable parameters are the cost because they are exact and set the optimizer state and the saved adapter's size, while memory " +
        "and time vary between runs on a shared machine.";

    sealed record Candidate(ComparisonRow Row, double Score)
    {
        public string Name => Row.Name;
    }

    /// <summary>The verdict of <paramref name="result"/> on its primary score.</summary>
    public static Verdict Of(ComparisonResult result)
    {
        var key = result.PrimaryScore;
        var scoreName = ScoreColumns.Name(key);
        string Quote(double score) => ScoreColumns.Quote(key, score);
        var methodRows = result.Rows.Where(r => r.Kind == ComparisonRowKind.Method).ToList();
        var methods = methodRows.Where(r => ScoreColumns.Of(r, key) is not null).Select(r => new Candidate(r, ScoreColumns.Of(r, key)!.Value)).ToList();
        var unscored = methodRows.Where(r => ScoreColumns.Of(r, key) is null).Select(r => r.Name).ToList();
        if (methods.Count == 0) return new Verdict($"no method has a score for {scoreName}, so there is no verdict", null, []);

        var best = methods.OrderByDescending(m => m.Score).ThenBy(m => m.Row.TrainableParameters ?? long.MaxValue).First();
        var tied = methods.Where(m => m != best && Against(m, best.Name, key) is not { High: < 0 }).ToList();
        var worse = methods.Where(m => m != best && !tied.Contains(m)).ToList();
        var contenders = tied.Prepend(best)
            .OrderBy(m => m.Row.TrainableParameters ?? long.MaxValue).ThenByDescending(m => m.Score)
            .ThenBy(m => m.Row.PeakMemoryBytes ?? long.MaxValue).ThenBy(m => m.Row.SecondsPerStep ?? double.MaxValue).ToList();
        var efficient = contenders[0];

        string text;
        if (methods.Count == 1)
            text = $"{best.Name} is the only method{(unscored.Count > 0 ? " with a score" : "")}: {scoreName} {Quote(best.Score)}{Interval(best, key)}";
        else if (tied.Count == 0)
            text = $"{best.Name} has the best {scoreName} ({Quote(best.Score)}{Interval(best, key)}) and every other method is worse, " +
                   $"the nearest {Nearest(worse, best, key)}";
        else if (ReferenceEquals(efficient, best))
            text = $"{best.Name} has the best {scoreName} ({Quote(best.Score)}{Interval(best, key)}); {Join(tied.Select(m => m.Name))} " +
                   $"{(tied.Count == 1 ? "is" : "are")} indistinguishable from it at this budget, with more trainable parameters";
        else
            text = $"{efficient.Name} is indistinguishable from the best method, {best.Name}, at this budget ({Quote(efficient.Score)} vs {Quote(best.Score)}, " +
                   $"difference {Difference(efficient, best.Name, key)}){Prefixed(", with ", CostPhrase(efficient, best))}";
        if (worse.Count > 0 && tied.Count > 0) text += $"; worse than {best.Name}: {Join(worse.Select(m => m.Name))}";
        text += Tail(methods, result, key, scoreName, unscored);
        return new Verdict(text, efficient.Name, contenders.Select(m => m.Name).ToList());
    }

    /// <summary>The paired difference of a method to another row on the key, where the comparison has it.</summary>
    static ScoreInterval? Against(Candidate method, string other, string key) =>
        method.Row.Differences?.GetValueOrDefault(other)?.GetValueOrDefault(key);

    static string Interval(Candidate method, string key) =>
        method.Row.Intervals?.GetValueOrDefault(key) is { } i ? $", 95% interval {ScoreColumns.Quote(key, i.Low)}–{ScoreColumns.Quote(key, i.High)}" : "";

    static string Difference(Candidate method, string other, string key) =>
        Against(method, other, key) is { } d ? ScoreColumns.DifferenceCell(key, d) : "not computed";

    static string Nearest(IReadOnlyList<Candidate> worse, Candidate best, string key)
    {
        var nearest = worse.OrderByDescending(m => m.Score).First();
        return $"{nearest.Name} ({Difference(nearest, best.Name, key)})";
    }

    /// <summary>Methods that do not beat the zero-shot model (their difference's interval reaches zero or below) and methods without a score.</summary>
    static string Tail(IReadOnlyList<Candidate> methods, ComparisonResult result, string key, string scoreName, IReadOnlyList<string> unscored)
    {
        var tail = "";
        var zeroShot = result.Rows.FirstOrDefault(r => r.Kind == ComparisonRowKind.ZeroShot)?.Name;
        if (zeroShot is not null)
        {
            var notAbove = methods.Where(m => Against(m, zeroShot, key) is { Low: <= 0 }).Select(m => m.Name).ToList();
            if (notAbove.Count > 0) tail += $"; not better than the zero-shot model: {Join(notAbove)}";
        }
        if (unscored.Count > 0) tail += $"; no {scoreName}: {Join(unscored)}";
        return tail;
    }

    /// <summary>"0.05% of its trainable parameters and 38% of its peak memory", leaving out what either row lacks.</summary>
    static string CostPhrase(Candidate cheap, Candidate reference)
    {
        var parts = new List<string>();
        if (Ratio(cheap.Row.TrainableParameters, reference.Row.TrainableParameters) is { } parameters) parts.Add($"{parameters} of {reference.Name}'s trainable parameters");
        if (Ratio(cheap.Row.PeakMemoryBytes, reference.Row.PeakMemoryBytes) is { } memory) parts.Add($"{memory} of its peak memory");
        return string.Join(" and ", parts);
    }

    static string Prefixed(string prefix, string phrase) => phrase.Length == 0 ? "" : prefix + phrase;

    static string? Ratio(long? part, long? whole) =>
        part is { } p && whole is { } w && w > 0 ? ReportFormat.Percent(100.0 * p / w) : null;

    static string Join(IEnumerable<string> names)
    {
        var list = names.ToList();
        return list.Count <= 1 ? string.Concat(list) : string.Join(", ", list.Take(list.Count - 1)) + " and " + list[^1];
    }

    /// <inheritdoc/>
    public override string ToString() => Line;
}
