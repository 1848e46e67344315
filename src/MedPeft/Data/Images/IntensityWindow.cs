namespace MedPeft.Data.Images;

/// <summary>Maps raw intensities (Hounsfield units, MR signal, NIfTI values) onto the 0–255 display scale.</summary>
internal static class IntensityWindow
{
    /// <summary>
    /// Stretches [min, max] of <paramref name="values"/> linearly onto [0, 255]; a constant image
    /// becomes all zeros.
    /// </summary>
    public static float[] MinMax(double[] values)
    {
        double low = double.PositiveInfinity, high = double.NegativeInfinity;
        foreach (var v in values)
        {
            if (double.IsNaN(v)) continue;
            if (v < low) low = v;
            if (v > high) high = v;
        }
        var output = new float[values.Length];
        if (!(high > low)) return output;
        double scale = 255.0 / (high - low);
        for (int i = 0; i < values.Length; i++)
            output[i] = double.IsNaN(values[i]) ? 0f : (float)((values[i] - low) * scale);
        return output;
    }
}
