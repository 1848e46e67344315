using MedPeft.Data;

namespace MedPeft.Experiments.Statistics;

/// <summary>
/// Scores a set of test questions as a subset: the score keys and their values on the questions at the
/// given indices (with repeats). A corpus metric recomputes its corpus statistics on the subset.
/// </summary>
internal delegate IReadOnlyDictionary<string, double?> SubsetScorer(IReadOnlyList<int> questions);

/// <summary>
/// Bootstrap intervals over the test questions, paired across rows: every resample draws one set of
/// question indices and scores every row (and each of its seeds) on that same set, so a difference
/// between two rows is computed resample by resample. A row's value on a resample is the mean over its
/// seeds. The draws are a function of <see cref="Seed"/> alone.
/// </summary>
internal sealed class PairedBootstrap(int questions, int resamples = PairedBootstrap.DefaultResamples, long seed = PairedBootstrap.DefaultSeed)
{
    public const int DefaultResamples = 1000;
    public const long DefaultSeed = 20_240_601;

    public int Resamples { get; } = resamples;
    public long Seed { get; } = seed;

    /// <summary>The value of every key on every resample (NaN where the subset has no value), per row, seed-averaged.</summary>
    public Dictionary<string, Dictionary<string, double[]>> Run(IReadOnlyDictionary<string, IReadOnlyList<SubsetScorer>> rows)
    {
        if (questions < 1) throw new ArgumentOutOfRangeException(nameof(questions), "a bootstrap needs at least one question");
        var values = rows.ToDictionary(r => r.Key, _ => new Dictionary<string, double[]>());
        for (int r = 0; r < Resamples; r++)
        {
            var random = new DeterministicRandom(Seed, r);
            var drawn = new int[questions];
            for (int i = 0; i < questions; i++) drawn[i] = random.NextInt(questions);
            foreach (var (row, seeds) in rows)
                foreach (var (key, mean) in SeedMean(seeds.Select(score => score(drawn)).ToList()))
                {
                    if (!values[row].TryGetValue(key, out var series)) values[row][key] = series = Enumerable.Repeat(double.NaN, Resamples).ToArray();
                    series[r] = mean;
                }
        }
        return values;
    }

    /// <summary>The interval of one row's key: mean and std over <paramref name="perSeed"/>, percentiles over the resamples.</summary>
    public static ScoreInterval? Interval(IReadOnlyList<double?> perSeed, double[]? resampled)
    {
        var seeds = perSeed.Where(v => v is { } x && double.IsFinite(x)).Select(v => v!.Value).ToList();
        if (seeds.Count == 0 || resampled is null) return null;
        return new ScoreInterval(seeds.Average(), StandardDeviation(seeds), Percentiles(resampled));
    }

    /// <summary>The interval of a difference: <paramref name="a"/> − <paramref name="b"/>, resample by resample.</summary>
    public static ScoreInterval? Difference(IReadOnlyList<double?> aPerSeed, double[]? a, IReadOnlyList<double?> bPerSeed, double[]? b)
    {
        if (a is null || b is null) return null;
        var meanA = aPerSeed.Where(v => v is { } x && double.IsFinite(x)).Select(v => v!.Value).DefaultIfEmpty(double.NaN).Average();
        var meanB = bPerSeed.Where(v => v is { } x && double.IsFinite(x)).Select(v => v!.Value).DefaultIfEmpty(double.NaN).Average();
        if (!double.IsFinite(meanA - meanB)) return null;
        return new ScoreInterval(meanA - meanB, null, Percentiles(a.Zip(b, (x, y) => x - y).ToArray()));
    }

    static Dictionary<string, double> SeedMean(IReadOnlyList<IReadOnlyDictionary<string, double?>> seeds) =>
        seeds.SelectMany(s => s).Where(kv => kv.Value is { } v && double.IsFinite(v))
            .GroupBy(kv => kv.Key).ToDictionary(g => g.Key, g => g.Average(kv => kv.Value!.Value));

    /// <summary>The sample standard deviation (n − 1); null for fewer than two values.</summary>
    static double? StandardDeviation(IReadOnlyList<double> values)
    {
        if (values.Count < 2) return null;
        var mean = values.Average();
        return Math.Sqrt(values.Sum(v => (v - mean) * (v - mean)) / (values.Count - 1));
    }

    /// <summary>The 2.5th and 97.5th percentiles (linear interpolation between order statistics) of the finite values.</summary>
    static IReadOnlyList<double> Percentiles(double[] values)
    {
        var sorted = values.Where(double.IsFinite).Order().ToArray();
        if (sorted.Length == 0) return [double.NaN, double.NaN];
        return [Quantile(sorted, 0.025), Quantile(sorted, 0.975)];
    }

    static double Quantile(double[] sorted, double q)
    {
        double position = q * (sorted.Length - 1);
        int below = (int)Math.Floor(position);
        int above = Math.Min(below + 1, sorted.Length - 1);
        return sorted[below] + (position - below) * (sorted[above] - sorted[below]);
    }
}
