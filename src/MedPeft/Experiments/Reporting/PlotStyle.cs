using ScottPlot;
using SkiaSharp;

namespace MedPeft.Experiments.Reporting;

/// <summary>What the comparison's plots share: the font, a colour per method, the image size, PNG encoding.</summary>
static class PlotStyle
{
    /// <summary>Set explicitly: headless machines have no desktop default, and DejaVu Sans ships with Debian.</summary>
    public const string FontName = "DejaVu Sans";

    public const int PanelWidth = 900, Height = 560;

    static readonly IPalette Palette = new ScottPlot.Palettes.ColorblindFriendly();

    /// <summary>The colour of the method in row <paramref name="index"/> of the table, the same in every plot.</summary>
    public static Color MethodColor(int index) => Palette.GetColor(index);

    public static Plot NewPanel(string title, string xTitle, string yTitle)
    {
        var plot = new Plot();
        plot.Title(title);
        plot.XLabel(xTitle);
        plot.YLabel(yTitle);
        return plot;
    }

    /// <summary>A data point's name, written just above and right of the point at (<paramref name="x"/>, <paramref name="y"/>).</summary>
    public static void PointLabel(Plot plot, string text, double x, double y)
    {
        var label = plot.Add.Text(text, x, y);
        label.LabelFontSize = 14;
        label.LabelFontName = FontName;
        label.Alignment = Alignment.LowerLeft;
        label.OffsetX = 7;
        label.OffsetY = -5;
    }

    /// <summary>Writes <paramref name="text"/> across an empty panel, so a plot with nothing to show says why.</summary>
    public static void ShowNothing(Plot plot, string text)
    {
        var label = plot.Add.Text(text, 0, 0);
        label.Alignment = Alignment.MiddleCenter;
        label.LabelFontSize = 16;
        label.LabelFontName = FontName;
        plot.Axes.SetLimits(-1, 1, -1, 1);
        plot.HideGrid();
        plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericManual();
        plot.Axes.Left.TickGenerator = new ScottPlot.TickGenerators.NumericManual();
    }

    /// <summary>The panels side by side in one PNG image, each <see cref="PanelWidth"/> by <see cref="Height"/> pixels.</summary>
    public static byte[] Png(params Plot[] panels)
    {
        using var surface = SKSurface.Create(new SKImageInfo(PanelWidth * panels.Length, Height)) ??
            throw new InvalidOperationException("SkiaSharp could not create a drawing surface.");
        surface.Canvas.Clear(SKColors.White);
        for (var i = 0; i < panels.Length; i++)
        {
            // Set last, so it also reaches the axes and legends added after the panel was made.
            panels[i].Font.Set(FontName);
            // Each panel on its own surface: a plot clears the whole canvas it is given.
            using var panel = SKSurface.Create(new SKImageInfo(PanelWidth, Height)) ??
                throw new InvalidOperationException("SkiaSharp could not create a drawing surface.");
            panels[i].Render(panel);
            using var picture = panel.Snapshot();
            surface.Canvas.DrawImage(picture, i * PanelWidth, 0);
        }
        using var image = surface.Snapshot();
        using var png = image.Encode(SKEncodedImageFormat.Png, 100);
        return png.ToArray();
    }
}
