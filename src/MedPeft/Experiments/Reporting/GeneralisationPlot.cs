using ScottPlot;

namespace MedPeft.Experiments.Reporting;

/// <summary>
/// <c>in_vs_out_of_distribution.png</c>: one panel per further test set, each row's primary score on the
/// in-distribution test split (x) against its score on that set (y), one labelled point per row and the
/// diagonal where the two are equal: a point far below it lost more out of distribution.
/// </summary>
static class GeneralisationPlot
{
    public const string FileName = "in_vs_out_of_distribution.png";

    public static byte[] Png(ComparisonResult result) =>
        PlotStyle.Png((result.TestSets ?? []).Select(set => Panel(result, set)).ToArray());

    static Plot Panel(ComparisonResult result, TestSet set)
    {
        var key = result.PrimaryScore;
        var outKey = set.Key(key);
        var plot = PlotStyle.NewPanel($"{ScoreColumns.Name(key)}: test split vs {set.Name}", $"{ScoreColumns.AxisTitle(key)}, test split", ScoreColumns.AxisTitle(outKey));
        var points = result.Rows
            .Select((row, index) => (Row: row, Index: index, In: ScoreColumns.Of(row, key), Out: ScoreColumns.Of(row, outKey)))
            .Where(p => p.In is not null && p.Out is not null)
            .Select(p => (p.Row, p.Index, X: ScoreColumns.Display(key, p.In!.Value), Y: ScoreColumns.Display(key, p.Out!.Value)))
            .ToList();
        if (points.Count == 0)
        {
            PlotStyle.ShowNothing(plot, $"no row has scores on both the test split and {set.Name}");
            return plot;
        }
        foreach (var (row, index, x, y) in points)
        {
            var reference = row.Kind != ComparisonRowKind.Method;
            plot.Add.Marker(x, y, reference ? MarkerShape.OpenSquare : MarkerShape.FilledCircle, 11, reference ? Colors.DimGray : PlotStyle.MethodColor(index));
            var label = plot.Add.Text(row.Name, x, y);
            label.LabelFontSize = 14;
            label.LabelFontName = PlotStyle.FontName;
            label.Alignment = Alignment.LowerLeft;
            label.OffsetX = 7;
            label.OffsetY = -5;
        }
        var values = points.SelectMany(p => new[] { p.X, p.Y }).ToList();
        var margin = Math.Max(0.08 * (values.Max() - values.Min()), ScoreColumns.IsPercentage(key) ? 2 : 0.01);
        double low = values.Min() - margin, high = values.Max() + 2 * margin;
        var diagonal = plot.Add.Line(low, low, high, high);
        diagonal.LinePattern = LinePattern.Dashed;
        diagonal.Color = Colors.DimGray;
        diagonal.LegendText = "equal on both";
        plot.ShowLegend(Edge.Bottom);
        plot.Axes.SetLimits(low, high, low, high);
        return plot;
    }
}
