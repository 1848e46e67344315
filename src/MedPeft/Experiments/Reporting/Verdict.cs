namespace MedPeft.Experiments.Reporting;

/// <summary>
/// The comparison's conclusion in one line: the method that gives the most score per unit of cost,
/// and the best method outright, computed from the table's numbers.
/// </summary>
/// <remarks>
/// "Per unit of cost" means: the efficient method is the one with the fewest trainable parameters
/// whose primary score keeps at least <see cref="RequiredShareOfGain"/> of the best method's gain over
/// the zero-shot model. The gain, not the raw score, is what training bought: an untrained model that
/// answers "yes" to every closed question already scores about half. Trainable parameters are the
/// cost because they are exact and repeatable and fix the optimizer state and the saved adapter's size;
/// peak memory and time per step are measured on a shared machine, so they only break ties and are
/// quoted as ratios.
/// </remarks>
/// <param name="Line">The one-line verdict.</param>
/// <param name="EfficientMethod">The method the rule picks; null when no method beats the baseline or none has a score.</param>
/// <param name="BestMethods">The methods with the highest primary score (several when tied), cheapest first.</param>
internal sealed record Verdict(string Line, string? EfficientMethod, IReadOnlyList<string> BestMethods)
{
    /// <summary>The share of the best method's gain over the baseline that the efficient method must keep.</summary>
    public const double RequiredShareOfGain = 0.9;

    // Scores computed from counts can differ from the threshold by rounding alone.
    const double Tolerance = 1e-9;

    /// <summary>The rule in words, for the reports.</summary>
    public static string Rule { get; } =
        $"The most efficient method is the one with the fewest trainable parameters whose primary score keeps at least " +
        $"{ReportFormat.Percent(100 * RequiredShareOfGain)} of the best method's gain over the zero-shot model (over the majority baseline when there is no " +
        "zero-shot score, over 0 when there is neither); among equal counts the higher score wins, then the lower peak memory, " +
        "then the lower time per step. The gain counts rather than the raw score because an untrained model already scores " +
        "well above 0 (about half of closed yes/no questions); trainable parameters are the cost because they are exact and " +
        "set the optimizer state and the saved adapter's size, while memory and time vary between runs on a shared machine.";

    sealed record Candidate(ComparisonRow Row, double Score)
    {
        public string Name => Row.Name;
    }

    sealed record Baseline(string? Description, double Score);

    /// <summary>The verdict of <paramref name="result"/> on its primary score.</summary>
    public static Verdict Of(ComparisonResult result)
    {
        var key = result.PrimaryScore;
        var scoreName = ScoreColumns.Name(key);
        var methodRows = result.Rows.Where(r => r.Kind == ComparisonRowKind.Method).ToList();
        // Cheapest first; OrderBy is stable, so full ties keep the table's order.
        var methods = methodRows
            .Where(r => ScoreColumns.Of(r, key) is not null)
            .Select(r => new Candidate(r, ScoreColumns.Of(r, key)!.Value))
            .OrderBy(m => m.Row.TrainableParameters ?? long.MaxValue)
            .ThenByDescending(m => m.Score)
            .ThenBy(m => m.Row.PeakMemoryBytes ?? long.MaxValue)
            .ThenBy(m => m.Row.SecondsPerStep ?? double.MaxValue)
            .ToList();
        var unscored = methodRows.Where(r => ScoreColumns.Of(r, key) is null).Select(r => r.Name).ToList();
        if (methods.Count == 0)
            return new Verdict($"no method has a score for {scoreName}, so there is no verdict", null, []);

        var baseline = BaselineOf(result, key);
        var bestScore = methods.Max(m => m.Score);
        var best = methods.Where(m => m.Score == bestScore).ToList();
        var bestNames = best.Select(m => m.Name).ToList();
        string Quote(double score) => ScoreColumns.Quote(key, score);
        var bestText = best.Count == 1 ? $"{best[0].Name} ({Quote(bestScore)})" : $"{Join(bestNames)} (tied at {Quote(bestScore)})";
        var tail = Tail(methods, unscored, baseline, scoreName);

        var gain = bestScore - baseline.Score;
        if (gain <= 0)
        {
            var line = baseline.Description is null
                ? $"no method scores above 0 on {scoreName}; best: {bestText}"
                : $"no method beats {baseline.Description} on {scoreName} ({Quote(baseline.Score)}); best: {bestText}";
            return new Verdict(line + tail, null, bestNames);
        }

        var threshold = baseline.Score + RequiredShareOfGain * gain;
        var efficient = methods.First(m => m.Score >= threshold - Tolerance);
        var against = baseline.Description is null ? "" : $", {baseline.Description} {Quote(baseline.Score)}";
        string text;
        if (methods.Count == 1)
            text = $"{efficient.Name} is the only method{(unscored.Count > 0 ? " with a score" : "")}: {scoreName} {Quote(efficient.Score)}{against}" +
                (efficient.Row.TrainablePercent is { } p ? $", with {ReportFormat.Percent(p)} of its parameters trainable" : "");
        else if (best.Count == 1 && ReferenceEquals(efficient, best[0]))
            text = $"{efficient.Name} is both the best and the most efficient method: {scoreName} {Quote(efficient.Score)}{against}; " +
                $"no method with fewer trainable parameters keeps {ReportFormat.Percent(100 * RequiredShareOfGain)} of its gain";
        else if (efficient.Score == bestScore)
        {
            var other = best.First(m => !ReferenceEquals(m, efficient));
            text = $"{efficient.Name} ties with {Join(best.Where(m => !ReferenceEquals(m, efficient)).Select(m => m.Name))} for the best {scoreName} " +
                $"({Quote(bestScore)})" + Prefixed(", with ", CostPhrase(efficient, other, other.Name + "'s"));
        }
        else
        {
            var top = best[0];
            var share = baseline.Description is null ? "" : $", {ReportFormat.Percent(100 * (efficient.Score - baseline.Score) / gain)} of its gain over {baseline.Description}";
            text = $"{efficient.Name} reaches {ReportFormat.Percent(100 * efficient.Score / top.Score)} of {top.Name}'s {scoreName} " +
                $"({Quote(efficient.Score)} vs {Quote(top.Score)}{share}){Prefixed(" with ", CostPhrase(efficient, top, "its"))}; best overall: {bestText}";
        }
        return new Verdict(text + tail, efficient.Name, bestNames);
    }

    /// <summary>The reference the gain is measured from: the zero-shot model, else the majority baseline, else 0.</summary>
    static Baseline BaselineOf(ComparisonResult result, string key)
    {
        foreach (var (kind, description) in new[] { (ComparisonRowKind.ZeroShot, "the zero-shot model"), (ComparisonRowKind.Majority, "the majority baseline") })
        {
            var score = result.Rows.Where(r => r.Kind == kind).Select(r => ScoreColumns.Of(r, key)).FirstOrDefault(s => s is not null);
            if (score is { } s) return new Baseline(description, s);
        }
        return new Baseline(null, 0);
    }

    /// <summary>"0.05% of its trainable parameters and 38% of its peak memory", leaving out what either row lacks.</summary>
    static string CostPhrase(Candidate cheap, Candidate reference, string owner)
    {
        var parts = new List<string>();
        if (Ratio(cheap.Row.TrainableParameters, reference.Row.TrainableParameters) is { } parameters) parts.Add($"{parameters} of {owner} trainable parameters");
        if (Ratio(cheap.Row.PeakMemoryBytes, reference.Row.PeakMemoryBytes) is { } memory) parts.Add($"{memory} of its peak memory");
        return string.Join(" and ", parts);
    }

    static string Prefixed(string prefix, string phrase) => phrase.Length == 0 ? "" : prefix + phrase;

    static string? Ratio(long? part, long? whole) =>
        part is { } p && whole is { } w && w > 0 ? ReportFormat.Percent(100.0 * p / w) : null;

    static string Tail(IReadOnlyList<Candidate> methods, IReadOnlyList<string> unscored, Baseline baseline, string scoreName)
    {
        var tail = "";
        var below = methods.Where(m => m.Score < baseline.Score - Tolerance).Select(m => m.Name).ToList();
        if (baseline.Description is not null && below.Count > 0) tail += $"; below {baseline.Description}: {Join(below)}";
        if (unscored.Count > 0) tail += $"; no {scoreName}: {Join(unscored)}";
        return tail;
    }

    static string Join(IEnumerable<string> names)
    {
        var list = names.ToList();
        return list.Count <= 1 ? string.Concat(list) : string.Join(", ", list.Take(list.Count - 1)) + " and " + list[^1];
    }

    /// <inheritdoc/>
    public override string ToString() => Line;
}
