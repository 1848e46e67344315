using MedPeft.Evaluation;

namespace MedPeft.Experiments;

/// <summary>
/// One method trained with one seed: what its training cost (null when it failed), its test scores
/// (with those on the further test sets under their keys) and predictions (empty and null when it
/// failed), and its validation curve.
/// </summary>
/// <param name="Predictions">Its predictions on the test split.</param>
/// <param name="SetPredictions">Its predictions on each further test set, by the set's name.</param>
internal sealed record SeedRun(int Seed, Training.TrainingSummary? Summary, IReadOnlyDictionary<string, double?> Scores,
    IReadOnlyList<PredictionRecord>? Predictions, IReadOnlyDictionary<string, IReadOnlyList<PredictionRecord>>? SetPredictions, IReadOnlyList<ValidationPoint> Curve)
{
    public bool Succeeded => Summary is not null;
}

/// <summary>A method's row from its runs: scores averaged over the seeds that trained, costs averaged (peak memory: the largest).</summary>
internal static class MethodRow
{
    public static ComparisonRow Of(string method, string scope, IReadOnlyList<SeedRun> runs)
    {
        var trained = runs.Where(r => r.Succeeded).ToList();
        var seeds = trained.Select(r => new SeedScores(r.Seed, r.Scores)).ToList();
        if (trained.Count == 0)
            return new ComparisonRow(method, ComparisonRowKind.Method, scope, null, null, null, null, null, null, null,
                new Dictionary<string, double?>(), [], seeds);
        var first = trained[0].Summary!;
        var keys = trained.SelectMany(r => r.Scores.Keys).Distinct().ToList();
        var scores = keys.ToDictionary(key => key, key => Mean(trained.Select(r => r.Scores.GetValueOrDefault(key))));
        return new ComparisonRow(method, ComparisonRowKind.Method, scope, first.TrainableParameters, first.TotalParameters, first.TrainablePercent,
            trained.Max(r => r.Summary!.PeakMemoryBytes), trained.Average(r => r.Summary!.MeanStepSeconds), trained.Average(r => r.Summary!.WallSeconds),
            first.Steps, scores, trained[0].Curve, seeds);
    }

    static double? Mean(IEnumerable<double?> values)
    {
        var present = values.Where(v => v is { } x && double.IsFinite(x)).Select(v => v!.Value).ToList();
        return present.Count == 0 ? null : present.Average();
    }
}
