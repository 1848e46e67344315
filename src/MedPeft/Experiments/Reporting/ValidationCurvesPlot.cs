using ScottPlot;

namespace MedPeft.Experiments.Reporting;

/// <summary>
/// <c>validation_curves.png</c>: validation loss against step, one line per method, and beside it the
/// validation score when any method has one (taken to be the comparison's primary score).
/// </summary>
static class ValidationCurvesPlot
{
    public const string FileName = "validation_curves.png";

    public static byte[] Png(ComparisonResult result)
    {
        var key = result.PrimaryScore;
        var loss = Panel(result, "validation loss", "validation loss", p => p.ValidationLoss);
        var hasScores = result.Rows.Any(r => r.ValidationCurve.Any(p => p.Score is { } s && double.IsFinite(s)));
        if (!hasScores) return PlotStyle.Png(loss);
        var score = Panel(result, $"validation {ScoreColumns.Name(key)}", ScoreColumns.AxisTitle(key), p => p.Score is { } s ? ScoreColumns.Display(key, s) : null);
        return PlotStyle.Png(loss, score);
    }

    static Plot Panel(ComparisonResult result, string title, string yTitle, Func<ValidationPoint, double?> value)
    {
        var plot = PlotStyle.NewPanel(title, "step", yTitle);
        var lines = 0;
        foreach (var (row, index) in result.Rows.Select((row, index) => (row, index)))
        {
            var points = row.ValidationCurve
                .Where(p => value(p) is { } v && double.IsFinite(v))
                .OrderBy(p => p.Step)
                .ToList();
            if (points.Count == 0) continue;
            var line = plot.Add.ScatterLine(points.Select(p => (double)p.Step).ToArray(), points.Select(p => value(p)!.Value).ToArray(), PlotStyle.MethodColor(index));
            line.LineWidth = 2;
            line.MarkerSize = 6;
            line.LegendText = row.Name;
            lines++;
        }
        if (lines == 0) PlotStyle.ShowNothing(plot, $"no method has a {title} point");
        else plot.ShowLegend(Edge.Right);
        return plot;
    }
}
