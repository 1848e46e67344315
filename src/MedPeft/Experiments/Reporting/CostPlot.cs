using ScottPlot;

namespace MedPeft.Experiments.Reporting;

/// <summary><c>cost.png</c>: two bar panels, peak memory and seconds per step, one bar per method.</summary>
static class CostPlot
{
    public const string FileName = "cost.png";

    public static byte[] Png(ComparisonResult result)
    {
        var methods = result.Rows.Select((row, index) => (Row: row, Index: index)).Where(m => m.Row.Kind == ComparisonRowKind.Method).ToList();
        var gib = methods.Any(m => m.Row.PeakMemoryBytes >= 1L << 30);
        var (unit, scale) = gib ? ("GiB", 1.0 / (1L << 30)) : ("MiB", 1.0 / (1L << 20));
        var memory = Panel("peak memory", $"peak memory ({unit})", methods, m => m.PeakMemoryBytes * scale);
        var time = Panel("time per training step", "seconds per step", methods, m => m.SecondsPerStep);
        return PlotStyle.Png(memory, time);
    }

    static Plot Panel(string title, string yTitle, IReadOnlyList<(ComparisonRow Row, int Index)> methods, Func<ComparisonRow, double?> value)
    {
        var plot = PlotStyle.NewPanel(title, "method", yTitle);
        var bars = methods
            .Select((m, position) => (m.Row.Name, m.Index, Position: (double)position, Value: value(m.Row)))
            .ToList();
        if (!bars.Any(b => b.Value is { } v && double.IsFinite(v)))
        {
            PlotStyle.ShowNothing(plot, $"no method has a {title}");
            return plot;
        }
        var drawn = bars.Where(b => b.Value is { } v && double.IsFinite(v)).Select(b => new Bar
        {
            Position = b.Position,
            Value = b.Value!.Value,
            FillColor = PlotStyle.MethodColor(b.Index),
            Label = ReportFormat.Significant(b.Value!.Value),
        }).ToArray();
        var barPlot = plot.Add.Bars(drawn);
        barPlot.ValueLabelStyle.FontSize = 13;
        plot.Axes.Bottom.SetTicks(bars.Select(b => b.Position).ToArray(), bars.Select(b => b.Name).ToArray());
        plot.Axes.Bottom.MajorTickStyle.Length = 0;
        plot.HideGrid();
        plot.Axes.Margins(bottom: 0, top: 0.15);
        return plot;
    }
}
