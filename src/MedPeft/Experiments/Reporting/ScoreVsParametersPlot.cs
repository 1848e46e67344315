using ScottPlot;

namespace MedPeft.Experiments.Reporting;

/// <summary>
/// <c>score_vs_trainable_params.png</c>: the primary score of each method against its trainable
/// parameters on a log axis, one labelled point per method, the zero-shot and majority rows as
/// horizontal reference lines.
/// </summary>
static class ScoreVsParametersPlot
{
    public const string FileName = "score_vs_trainable_params.png";

    public static byte[] Png(ComparisonResult result)
    {
        var key = result.PrimaryScore;
        var plot = PlotStyle.NewPanel($"{ScoreColumns.Name(key)} vs trainable parameters", "trainable parameters (log scale)", ScoreColumns.AxisTitle(key));
        var points = result.Rows
            .Select((row, index) => (Row: row, Index: index, Score: ScoreColumns.Of(row, key)))
            .Where(p => p.Row.Kind == ComparisonRowKind.Method && p.Score is not null && p.Row.TrainableParameters > 0)
            .Select(p => (p.Row.Name, p.Index, X: Math.Log10(p.Row.TrainableParameters!.Value), Y: ScoreColumns.Display(key, p.Score!.Value)))
            .ToList();
        var references = result.Rows
            .Where(r => r.Kind != ComparisonRowKind.Method && ScoreColumns.Of(r, key) is not null)
            .Select(r => (r.Name, Y: ScoreColumns.Display(key, ScoreColumns.Of(r, key)!.Value)))
            .ToList();
        if (points.Count == 0)
        {
            PlotStyle.ShowNothing(plot, $"no method has both a {ScoreColumns.Name(key)} score and a parameter count");
            return PlotStyle.Png(plot);
        }

        foreach (var (name, index, x, y) in points)
        {
            plot.Add.Marker(x, y, MarkerShape.FilledCircle, 11, PlotStyle.MethodColor(index));
            PlotStyle.PointLabel(plot, name, x, y);
        }
        LinePattern[] patterns = [LinePattern.Dashed, LinePattern.Dotted, LinePattern.DenselyDashed];
        for (var i = 0; i < references.Count; i++)
        {
            var line = plot.Add.HorizontalLine(references[i].Y, 2, Colors.DimGray, patterns[i % patterns.Length]);
            line.LegendText = $"{references[i].Name} ({ReportFormat.Fixed(references[i].Y, ScoreColumns.IsPercentage(key) ? 1 : 3)})";
        }
        if (references.Count > 0) plot.ShowLegend(Edge.Bottom);

        // A log axis: x holds log10 of the count, major ticks at whole decades, minor ticks inside them.
        plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericAutomatic
        {
            IntegerTicksOnly = true,
            MinorTickGenerator = new ScottPlot.TickGenerators.LogMinorTickGenerator(),
            LabelFormatter = decade => ReportFormat.Count((long)Math.Round(Math.Pow(10, decade))),
        };
        var xs = points.Select(p => p.X).ToList();
        plot.Axes.SetLimitsX(Math.Floor(xs.Min() - 0.3), Math.Ceiling(xs.Max() + 0.5));
        var ys = points.Select(p => p.Y).Concat(references.Select(r => r.Y)).ToList();
        var margin = Math.Max(0.08 * (ys.Max() - ys.Min()), ScoreColumns.IsPercentage(key) ? 2 : 0.01);
        plot.Axes.SetLimitsY(ys.Min() - margin, ys.Max() + 1.5 * margin);
        return PlotStyle.Png(plot);
    }
}
