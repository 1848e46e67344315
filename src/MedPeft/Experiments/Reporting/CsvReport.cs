using System.Globalization;
using System.Text;

namespace MedPeft.Experiments.Reporting;

/// <summary>
/// <c>results.csv</c>: one line per table row with raw numbers (counts, bytes, seconds, fractions; CIDEr-D
/// on its 0–10 scale), shortest round-trip form, comma-separated with RFC 4180 quoting; an empty field
/// is a missing value.
/// </summary>
internal static class CsvReport
{
    /// <summary>The columns before the score columns (which are named by their score keys).</summary>
    public static IReadOnlyList<string> CostColumns { get; } =
        ["method", "kind", "scope", "trainable_parameters", "total_parameters", "trainable_fraction", "peak_memory_bytes", "seconds_per_step", "wall_seconds", "steps"];

    /// <summary>After the score columns, per score: its standard deviation over seeds and its 95% interval over the test questions.</summary>
    static readonly string[] IntervalColumns = ["_std", "_ci95_low", "_ci95_high"];

    /// <summary>The CSV text of <paramref name="result"/>'s table.</summary>
    public static string Render(ComparisonResult result)
    {
        var text = new StringBuilder();
        void Line(IEnumerable<string> fields) => text.Append(string.Join(",", fields.Select(Quote))).Append("\r\n");
        Line(CostColumns.Concat(result.ScoreColumns).Concat(result.ScoreColumns.SelectMany(key => IntervalColumns.Select(suffix => key + suffix))));
        foreach (var row in result.Rows)
            Line(
            [
                row.Name,
                KindName(row.Kind),
                row.Scope,
                Number(row.TrainableParameters),
                Number(row.TotalParameters),
                Number(row.TrainablePercent / 100),
                Number(row.PeakMemoryBytes),
                Number(row.SecondsPerStep),
                Number(row.WallSeconds),
                Number(row.Steps),
                .. result.ScoreColumns.Select(key => Number(row.Scores.GetValueOrDefault(key))),
                .. result.ScoreColumns.SelectMany(key => row.Intervals?.GetValueOrDefault(key) is { } i
                    ? new[] { Number(i.Std), Number(i.Low), Number(i.High) } : ["", "", ""]),
            ]);
        return text.ToString();
    }

    /// <summary>The name of a row kind in the CSV and JSON files: <c>method</c>, <c>zero_shot</c>, <c>majority</c>.</summary>
    public static string KindName(ComparisonRowKind kind) => System.Text.Json.JsonNamingPolicy.SnakeCaseLower.ConvertName(kind.ToString());

    static string Number(long? value) => value?.ToString(CultureInfo.InvariantCulture) ?? "";

    static string Number(double? value) => value?.ToString("R", CultureInfo.InvariantCulture) ?? "";

    static string Quote(string field) =>
        field.IndexOfAny([',', '"', '\r', '\n']) >= 0 ? "\"" + field.Replace("\"", "\"\"") + "\"" : field;
}
