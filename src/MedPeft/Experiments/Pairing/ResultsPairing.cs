using MedPeft.Data.Datasets;
using MedPeft.Evaluation;
using MedPeft.Evaluation.Metrics.WordNet;
using MedPeft.Experiments.Reporting;
using MedPeft.Experiments.Statistics;
using MedPeft.Runs;

namespace MedPeft.Experiments.Pairing;

/// <summary>
/// Pairs two <c>compare</c> results folders question by question: each method's test predictions in both (every seed's),
/// scored by the comparison's own scorer and resampled by its paired bootstrap (the same draws for both folders, so
/// b − a is taken resample by resample; with several seeds each side is its seeds' mean per resample).
/// </summary>
internal static class ResultsPairing
{
    /// <summary>Reads both folders and pairs every method they share.</summary>
    /// <exception cref="MedPeftException">A results.json or predictions file is missing or malformed, the tasks differ, or
    /// the test questions differ (the message names the file).</exception>
    public static PairedComparison Pair(string a, string b)
    {
        var (resultA, resultB) = (Read(a), Read(b));
        if (resultA.Task != resultB.Task)
            throw new MedPeftException($"{ResultsFile(b)}: task '{resultB.Task}', but {ResultsFile(a)} has '{resultA.Task}'; only comparisons of the same test questions pair.");
        var task = DatasetNames.ParseTask(resultA.Task);
        var methodsA = MethodNames(resultA);
        var methodsB = MethodNames(resultB);
        var shared = methodsA.Where(methodsB.Contains).ToList();
        if (shared.Count == 0)
            throw new MedPeftException($"{ResultsFile(b)}: no method in common with {ResultsFile(a)} ({string.Join(", ", methodsA)} against {string.Join(", ", methodsB)}).");

        var predictions = new Dictionary<string, IReadOnlyList<IReadOnlyList<PredictionRecord>>>();
        (string File, IReadOnlyList<string> Ids)? reference = null;
        foreach (var (side, folder, result) in new[] { ("a", a, resultA), ("b", b, resultB) })
            foreach (var method in shared)
                predictions[Key(side, method)] = result.Seeds.Select(seed =>
                {
                    var file = PredictionsPath(folder, result, method, seed);
                    var records = ReadPredictions(file);
                    var ids = records.Select(r => r.Id).ToList();
                    reference ??= (file, ids);
                    if (!ids.SequenceEqual(reference.Value.Ids))
                        throw new MedPeftException($"{file}: its test questions differ from those of {reference.Value.File} ({ids.Count} against {reference.Value.Ids.Count} " +
                                                   "questions, or another order); only comparisons of the same test questions pair.");
                    return records;
                }).ToList();

        int questions = reference!.Value.Ids.Count;
        var stated = resultA.Bootstrap;
        var bootstrap = stated is null ? new PairedBootstrap(questions) : new PairedBootstrap(questions, stated.Resamples, stated.Seed);
        using var wordnet = task == DatasetTask.Report ? WordNetDatabase.OpenChosen(null) : null;
        var scorers = predictions.ToDictionary(p => p.Key,
            p => (IReadOnlyList<SubsetScorer>)p.Value.Select(records => ComparisonIntervals.Scorer(task, records, wordnet, null)).ToList());
        var resampled = bootstrap.Run(scorers);
        var all = Enumerable.Range(0, questions).ToArray();
        string score = resultA.PrimaryScore;
        IReadOnlyList<double?> PerSeed(string key) => scorers[key].Select(scorer => scorer(all).GetValueOrDefault(score)).ToList();
        double[]? Series(string key) => resampled[key].GetValueOrDefault(score);

        var paired = shared.Select(method =>
        {
            string keyA = Key("a", method), keyB = Key("b", method);
            var intervalA = PairedBootstrap.Interval(PerSeed(keyA), Series(keyA));
            var intervalB = PairedBootstrap.Interval(PerSeed(keyB), Series(keyB));
            var difference = PairedBootstrap.Difference(PerSeed(keyB), Series(keyB), PerSeed(keyA), Series(keyA));
            return intervalA is null || intervalB is null || difference is null ? null : new PairedMethod(method, intervalA, intervalB, difference);
        }).OfType<PairedMethod>().ToList();
        var unpaired = methodsA.Concat(methodsB).Except(shared).ToList();
        return new PairedComparison(a, b, resultA.Task, score, new BootstrapSetting(bootstrap.Resamples, bootstrap.Seed, questions), paired, unpaired);
    }

    static string Key(string side, string method) => $"{side}:{method}";

    static string ResultsFile(string folder) => Path.Combine(folder, ComparisonReport.JsonFile);

    static ComparisonResult Read(string folder)
    {
        var file = ResultsFile(folder);
        if (!File.Exists(file)) throw new MedPeftException($"{file}: not found; expected the results folder of a medpeft compare.");
        var result = ComparisonJson.Read(file);
        if (result.Seeds is not { Count: > 0 } || result.Rows is null || string.IsNullOrEmpty(result.PrimaryScore))
            throw new MedPeftException($"{file}: lacks its seeds, rows or primary score; not a comparison result.");
        return result;
    }

    static List<string> MethodNames(ComparisonResult result) =>
        result.Rows.Where(r => r.Kind == ComparisonRowKind.Method).Select(r => r.Name).ToList();

    /// <summary>Where compare put a method's test predictions: <c>runs/&lt;method&gt;[/seed-&lt;seed&gt;]/test/predictions.jsonl</c>.</summary>
    static string PredictionsPath(string folder, ComparisonResult result, string method, int seed) =>
        Path.Combine(ComparisonFolders.RunDirectory(folder, method, result.Seeds.Count > 1 ? seed : null), ComparisonFolders.Test, EvaluationRun.PredictionsFileName);

    static IReadOnlyList<PredictionRecord> ReadPredictions(string file)
    {
        if (!File.Exists(file)) throw new MedPeftException($"{file}: not found; every method's test predictions are needed to pair its questions.");
        var records = PredictionsFile.Read(file);
        return records.Count > 0 ? records : throw new MedPeftException($"{file}: holds no prediction.");
    }
}
