namespace MedPeft.Data.BuiltIn.Real;

/// <summary>Maps raw slice values to the 0–255 display range.</summary>
static class DisplayWindow
{
    /// <summary>A linear window: level - width/2 is black, level + width/2 white.</summary>
    public static double[] Linear(IEnumerable<double> values, double level, double width) =>
        values.Select(v => Math.Clamp((v - (level - width / 2)) * 255 / width, 0, 255)).ToArray();

    /// <summary>Stretches the 1st to the 99.5th percentile over 0–255, so a few very bright voxels do not darken the image.</summary>
    public static double[] Percentiles(double[] values)
    {
        var sorted = values.Order().ToArray();
        double low = sorted[sorted.Length / 100], high = sorted[(int)(sorted.Length * 0.995)];
        return Linear(values, (low + high) / 2, Math.Max(high - low, 1e-6));
    }
}
