using System.Text;

namespace MedPeft.Experiments.Reporting;

/// <summary>
/// The comparison table: one row per method and reference row, with its costs and its test scores.
/// The Markdown and HTML reports lay out the same cells; <see cref="Render"/> aligns them for a terminal.
/// </summary>
internal static class ComparisonTable
{
    /// <summary>The table's cells; numeric columns are right-aligned.</summary>
    internal sealed record Cells(IReadOnlyList<string> Headers, IReadOnlyList<bool> RightAligned, IReadOnlyList<IReadOnlyList<string>> Rows);

    /// <summary>The rows the primary score's paired differences are shown against, where the comparison has them.</summary>
    static IReadOnlyList<string> DifferenceColumns(ComparisonResult result) =>
        new[] { "full", "ln" }.Where(name => result.Rows.Any(r => r.Differences?.ContainsKey(name) == true)).ToList();

    internal static Cells Build(ComparisonResult result)
    {
        string[] costHeaders = ["method", "scope", "trainable params", "trainable %", "peak memory", "s/step", "wall time"];
        var against = DifferenceColumns(result);
        var headers = costHeaders.Concat(result.ScoreColumns.Select(ScoreColumns.Header))
            .Concat(against.Select(name => $"{ScoreColumns.Header(result.PrimaryScore)} vs {name}")).ToList();
        var rightAligned = headers.Select((_, i) => i >= 2).ToList();
        var rows = result.Rows.Select(row => (IReadOnlyList<string>)
        [
            row.Name,
            string.IsNullOrWhiteSpace(row.Scope) ? ReportFormat.Missing : row.Scope,
            ReportFormat.Count(row.TrainableParameters),
            ReportFormat.Percent(row.TrainablePercent),
            ReportFormat.Bytes(row.PeakMemoryBytes),
            ReportFormat.Seconds(row.SecondsPerStep),
            ReportFormat.Duration(row.WallSeconds),
            .. result.ScoreColumns.Select(key => ScoreColumns.Cell(key, row.Scores.GetValueOrDefault(key), row.Intervals?.GetValueOrDefault(key))),
            .. against.Select(name => ScoreColumns.DifferenceCell(result.PrimaryScore, row.Differences?.GetValueOrDefault(name)?.GetValueOrDefault(result.PrimaryScore))),
        ]).ToList();
        return new Cells(headers, rightAligned, rows);
    }

    /// <summary>The table as aligned plain text (a header, a rule, one line per row), for the terminal.</summary>
    public static string Render(ComparisonResult result)
    {
        var cells = Build(result);
        var widths = cells.Headers.Select((header, i) => cells.Rows.Select(r => r[i].Length).Append(header.Length).Max()).ToList();
        var text = new StringBuilder();
        void Line(IReadOnlyList<string> values) =>
            text.AppendLine(string.Join("  ", values.Select((v, i) => cells.RightAligned[i] ? v.PadLeft(widths[i]) : v.PadRight(widths[i]))).TrimEnd());
        Line(cells.Headers);
        Line(widths.Select(w => new string('-', w)).ToList());
        foreach (var row in cells.Rows) Line(row);
        return text.ToString();
    }
}
