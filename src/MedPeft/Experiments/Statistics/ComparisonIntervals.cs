using MedPeft.Data.Datasets;
using MedPeft.Evaluation;
using MedPeft.Evaluation.Metrics.WordNet;

namespace MedPeft.Experiments.Statistics;

/// <summary>
/// Adds to every row of a comparison its intervals (mean, std over seeds, 95% bootstrap interval over
/// the test questions) and its paired differences to the rows that matter for a verdict: <c>full</c>,
/// <c>ln</c>, the zero-shot model and the best method on the primary score.
/// </summary>
internal static class ComparisonIntervals
{
    /// <summary>One test split's predictions per row, one list per seed, all in the split's order; <see cref="Set"/> null for the in-distribution test split.</summary>
    public sealed record Predictions(TestSet? Set, IReadOnlyDictionary<string, IReadOnlyList<IReadOnlyList<PredictionRecord>>> Rows);

    /// <summary>Each test split is resampled on its own (its own questions); keys of a further set carry its name (<see cref="TestSet.Key"/>).</summary>
    /// <returns>The rows with intervals and differences, and the in-distribution split's bootstrap setting.</returns>
    public static (IReadOnlyList<ComparisonRow> Rows, BootstrapSetting Setting) Add(IReadOnlyList<ComparisonRow> rows,
        IReadOnlyList<Predictions> splits, DatasetTask task, string primaryScore)
    {
        using var wordnet = task == DatasetTask.Report ? WordNetDatabase.OpenChosen(null) : null;
        var resampled = new Dictionary<string, Dictionary<string, double[]>>();
        BootstrapSetting? setting = null;
        foreach (var split in splits)
        {
            CheckAligned(split.Rows);
            int questions = split.Rows.Values.First()[0].Count;
            var bootstrap = new PairedBootstrap(questions);
            setting ??= new BootstrapSetting(bootstrap.Resamples, bootstrap.Seed, questions);
            var scorers = split.Rows.ToDictionary(p => p.Key, p => (IReadOnlyList<SubsetScorer>)p.Value.Select(records => Scorer(task, records, wordnet, split.Set)).ToList());
            foreach (var (row, series) in bootstrap.Run(scorers))
            {
                if (!resampled.TryGetValue(row, out var keys)) resampled[row] = keys = [];
                foreach (var (key, values) in series) keys[key] = values;
            }
        }
        var best = rows.Where(r => r.Kind == ComparisonRowKind.Method && r.Scores.GetValueOrDefault(primaryScore) is { } v && double.IsFinite(v))
            .OrderByDescending(r => r.Scores[primaryScore]).ThenBy(r => r.TrainableParameters ?? long.MaxValue).FirstOrDefault()?.Name;
        var references = new[] { "full", "ln", best }.Concat(rows.Where(r => r.Kind == ComparisonRowKind.ZeroShot).Select(r => r.Name))
            .OfType<string>().Where(resampled.ContainsKey).Distinct().ToList();
        var withIntervals = rows.Select(row =>
        {
            if (!resampled.TryGetValue(row.Name, out var series)) return row;
            var perSeed = PerSeed(row);
            var intervals = series.Keys.Select(key => (key, PairedBootstrap.Interval(perSeed.Select(s => s.GetValueOrDefault(key)).ToList(), series[key])))
                .Where(k => k.Item2 is not null).ToDictionary(k => k.key, k => k.Item2!);
            var differences = references.Where(other => other != row.Name).ToDictionary(other => other, other =>
                (IReadOnlyDictionary<string, ScoreInterval>)series.Keys
                    .Select(key => (key, PairedBootstrap.Difference(perSeed.Select(s => s.GetValueOrDefault(key)).ToList(), series[key],
                        PerSeed(rows.First(r => r.Name == other)).Select(s => s.GetValueOrDefault(key)).ToList(), resampled[other].GetValueOrDefault(key))))
                    .Where(k => k.Item2 is not null).ToDictionary(k => k.key, k => k.Item2!));
            return row with { Intervals = intervals, Differences = differences };
        }).ToList();
        return (withIntervals, setting!);
    }

    /// <summary>A row's scores per seed: each seed's for a method, its one set of scores for a reference row.</summary>
    static IReadOnlyList<IReadOnlyDictionary<string, double?>> PerSeed(ComparisonRow row) =>
        row.Seeds is { Count: > 0 } seeds ? seeds.Select(s => s.Scores).ToList() : [row.Scores];

    /// <summary>Scores a subset of the test questions with the task's metrics, corpus statistics recomputed on the subset; keys of a further set carry its name.</summary>
    internal static SubsetScorer Scorer(DatasetTask task, IReadOnlyList<PredictionRecord> records, WordNetDatabase? wordnet, TestSet? set) => questions =>
    {
        var scores = SplitScores.Of(task, questions.Select(i => records[i]).ToList(), wordnet).Values;
        return set is null ? scores : set.Keyed(scores);
    };

    // Pairing needs every list to hold the same questions in the same order.
    static void CheckAligned(IReadOnlyDictionary<string, IReadOnlyList<IReadOnlyList<PredictionRecord>>> predictions)
    {
        var reference = predictions.Values.First()[0].Select(r => r.Id).ToList();
        foreach (var (row, lists) in predictions)
            foreach (var records in lists)
                if (!records.Select(r => r.Id).SequenceEqual(reference))
                    throw new InvalidOperationException($"the test predictions of {row} are not in their test split's order; paired intervals need the same questions");
    }
}
