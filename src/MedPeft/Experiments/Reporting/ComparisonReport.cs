using MedPeft.IO;

namespace MedPeft.Experiments.Reporting;

/// <summary>Turns a finished comparison into its files: table, CSV, JSON, plots and a self-contained HTML report.</summary>
internal static class ComparisonReport
{
    /// <summary>The table with the setting, notes and verdict, in Markdown.</summary>
    public const string MarkdownFile = "results.md";

    /// <summary>One line per table row, raw numbers.</summary>
    public const string CsvFile = "results.csv";

    /// <summary>The whole result and the verdict.</summary>
    public const string JsonFile = "results.json";

    /// <summary>Everything in one self-contained page.</summary>
    public const string HtmlFile = "report.html";

    /// <summary>The plot files of <paramref name="result"/>, in the order the reports show them (the generalisation plot only with further test sets).</summary>
    public static IReadOnlyList<string> PlotFiles(ComparisonResult result) => Plots(result).Select(p => p.FileName).ToList();

    static IEnumerable<(string Title, string FileName, Func<ComparisonResult, byte[]> Png)> Plots(ComparisonResult result)
    {
        var scoreName = ScoreColumns.Name(result.PrimaryScore);
        yield return ($"{scoreName} against trainable parameters (log scale); reference rows as horizontal lines", ScoreVsParametersPlot.FileName, ScoreVsParametersPlot.Png);
        yield return ("peak memory and seconds per training step per method", CostPlot.FileName, CostPlot.Png);
        yield return ("validation curves during training", ValidationCurvesPlot.FileName, ValidationCurvesPlot.Png);
        if (result.TestSets is { Count: > 0 })
            yield return ($"{scoreName} on the test split against each further test set's (not trained on)", GeneralisationPlot.FileName, GeneralisationPlot.Png);
    }

    /// <summary>
    /// Writes <c>results.md</c>, <c>results.csv</c>, <c>results.json</c>, the PNG plots and
    /// <c>report.html</c> into <paramref name="outDirectory"/>, each file atomically. The caller makes the
    /// folder itself appear atomically (see <see cref="AtomicDirectory"/>).
    /// </summary>
    /// <returns>The verdict, which the command prints after the table.</returns>
    public static Verdict Write(ComparisonResult result, string outDirectory)
    {
        var verdict = Verdict.Of(result);
        var plots = Plots(result).Select(p => (p.Title, p.FileName, Png: p.Png(result))).ToList();
        foreach (var plot in plots) AtomicFile.Write(Path.Combine(outDirectory, plot.FileName), stream => stream.Write(plot.Png));
        AtomicFile.WriteAllText(Path.Combine(outDirectory, MarkdownFile), MarkdownReport.Render(result, verdict, plots.Select(p => (p.Title, p.FileName)).ToList()));
        AtomicFile.WriteAllText(Path.Combine(outDirectory, CsvFile), CsvReport.Render(result));
        AtomicFile.WriteAllText(Path.Combine(outDirectory, JsonFile), ComparisonJson.Serialize(result, verdict));
        AtomicFile.WriteAllText(Path.Combine(outDirectory, HtmlFile), HtmlReport.Render(result, verdict, plots.Select(p => (p.Title, p.Png)).ToList()));
        return verdict;
    }
}
