using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using MedPeft.Experiments.Statistics;

namespace MedPeft.Experiments.Pairing;

/// <summary>A <see cref="PairedComparison"/> as a table or as one JSON object (scores as fractions 0-1).</summary>
internal static class PairedComparisonOutput
{
    public static void WriteTable(TextWriter output, PairedComparison paired)
    {
        var setting = paired.Bootstrap;
        output.WriteLine($"a = {paired.A}");
        output.WriteLine($"b = {paired.B}");
        output.WriteLine($"{paired.Score} on the same {setting.Questions} test questions; b - a paired question by question, 95% percentile bootstrap " +
                         $"({setting.Resamples} resamples, seed {setting.Seed}; with several seeds, each side's seed mean per resample).");
        output.WriteLine();
        var header = new[] { "method", "a", "a 95% CI", "b", "b 95% CI", "b - a", "95% CI", "holds 0" };
        var rows = paired.Methods.Select(m => new[]
        {
            m.Method, Number(m.A.Mean), Interval(m.A), Number(m.B.Mean), Interval(m.B), Number(m.Difference.Mean), Interval(m.Difference),
            m.Difference.ContainsZero ? "yes" : "no",
        }).ToList();
        var widths = header.Select((h, i) => rows.Select(r => r[i].Length).Append(h.Length).Max()).ToArray();
        string Line(string[] cells) => "  " + string.Join("  ", cells.Select((c, i) => i == 0 ? c.PadRight(widths[i]) : c.PadLeft(widths[i]))).TrimEnd();
        output.WriteLine(Line(header));
        foreach (var row in rows) output.WriteLine(Line(row));
        if (paired.Unpaired.Count > 0) output.WriteLine($"in one folder only, not compared: {string.Join(", ", paired.Unpaired)}");
    }

    public static string ToJson(PairedComparison paired)
    {
        var json = new JsonObject
        {
            ["a"] = paired.A,
            ["b"] = paired.B,
            ["task"] = paired.Task,
            ["score"] = paired.Score,
            ["questions"] = paired.Bootstrap.Questions,
            ["resamples"] = paired.Bootstrap.Resamples,
            ["bootstrap_seed"] = paired.Bootstrap.Seed,
            ["methods"] = new JsonArray(paired.Methods.Select(m => (JsonNode)new JsonObject
            {
                ["method"] = m.Method,
                ["a"] = Node(m.A),
                ["b"] = Node(m.B),
                ["difference"] = Node(m.Difference),
                ["difference_ci_contains_zero"] = m.Difference.ContainsZero,
            }).ToArray()),
            ["unpaired"] = new JsonArray(paired.Unpaired.Select(name => (JsonNode?)JsonValue.Create(name)).ToArray()),
        };
        return json.ToJsonString(new JsonSerializerOptions { WriteIndented = true }) + "\n";
    }

    static JsonObject Node(ScoreInterval interval) => new()
    {
        ["mean"] = interval.Mean,
        ["std"] = interval.Std,
        ["ci95"] = new JsonArray(interval.Low, interval.High),
    };

    static string Number(double value) => value.ToString("0.0000", CultureInfo.InvariantCulture);

    static string Interval(ScoreInterval interval) => $"[{Number(interval.Low)}, {Number(interval.High)}]";
}
