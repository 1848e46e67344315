using System.Globalization;

namespace MedPeft.Experiments.Reporting;

/// <summary>The setting of a comparison as labelled lines, shared by the Markdown and HTML reports.</summary>
static class ComparisonSetting
{
    public static IReadOnlyList<(string Label, string Value)> Lines(ComparisonResult result)
    {
        var splits = string.Join(", ", result.SplitSizes.Select(s => $"{s.Key} {s.Value.ToString("N0", CultureInfo.InvariantCulture)}"));
        var m = result.Machine;
        var further = result.TestSets is { Count: > 0 } sets
            ? new[] { ("further test sets", string.Join("; ", sets.Select(s => $"{s.Name}: {s.Data} ({s.Format}), scored without training on it"))) }
            : [];
        return
        [
            ("model", result.Model),
            ("dataset", $"{result.Dataset} ({result.DatasetFormat}){(splits.Length > 0 ? $"; {splits}" : "")}"),
            .. further,
            ("task", result.Task switch
            {
                "vqa" => "medical visual question answering (vqa)",
                "report" => "medical imaging report generation (report)",
                var other => other,
            }),
            ("budget", Budget(result.Budget, result.Seeds)),
            ("intervals", result.Bootstrap is { } b
                ? $"95% bootstrap over the {b.Questions} test questions ({b.Resamples} resamples, seed {b.Seed}), paired across rows" +
                  (result.Seeds.Count > 1 ? $"; ± standard deviation over {result.Seeds.Count} seeds" : "; one seed")
                : ReportFormat.Missing),
            ("primary score", ScoreColumns.Name(result.PrimaryScore)),
            ("machine", $"{m.OperatingSystem}; {m.Processor} ({m.InstructionSets}); {m.Cores} cores; {ReportFormat.Bytes(m.MemoryBytes)} memory; " +
                $".NET {m.DotNet}; TorchSharp {m.TorchSharp} with {m.TorchThreads} threads; linear layers on {m.LinearKernel}"),
            ("started", result.Started.ToUniversalTime().ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture)),
            ("wall time", ReportFormat.Duration(result.WallSeconds)),
        ];
    }

    static string Budget(ComparisonBudget budget, IReadOnlyList<int> seeds) =>
        string.Create(CultureInfo.InvariantCulture,
            $"{budget.Name}: {budget.Steps:N0} optimizer steps of batch {budget.BatchSize} per method, validation every {budget.EvalEvery:N0} steps, " +
            $"{(budget.Augment ? "with" : "without")} augmentation, {(seeds.Count == 1 ? $"seed {seeds[0]}" : $"seeds {string.Join(", ", seeds)}")}");
}
