namespace MedPeft.Data.BuiltIn.Real;

/// <summary>
/// Puts a slice on a square grid of <c>size</c> pixels with equal spacing in both directions: the
/// longer side fills the image, the shorter is centred with black borders. Values (of each channel)
/// are interpolated bilinearly, lesion sites taken from the nearest pixel.
/// </summary>
static class RealSliceResampler
{
    public static (double[] Display, byte[] Sites, double SpacingMm) Resample(RealSlice slice, int size)
    {
        var heightMm = slice.Rows * slice.RowSpacingMm;
        var widthMm = slice.Columns * slice.ColumnSpacingMm;
        var spacing = Math.Max(heightMm, widthMm) / size;
        double offsetX = (size * spacing - widthMm) / 2, offsetY = (size * spacing - heightMm) / 2;
        var display = new double[slice.Channels * size * size];
        var sites = new byte[size * size];
        for (var y = 0; y < size; y++)
            for (var x = 0; x < size; x++)
            {
                var column = ((x + 0.5) * spacing - offsetX) / slice.ColumnSpacingMm - 0.5;
                var row = ((y + 0.5) * spacing - offsetY) / slice.RowSpacingMm - 0.5;
                if (column < -0.5 || row < -0.5 || column > slice.Columns - 0.5 || row > slice.Rows - 0.5) continue;
                int c0 = (int)Math.Floor(column), r0 = (int)Math.Floor(row);
                double fc = column - c0, fr = row - r0;
                for (var channel = 0; channel < slice.Channels; channel++)
                {
                    var plane = channel * slice.Rows * slice.Columns;
                    double Value(int r, int c) => slice.Display[plane + Math.Clamp(r, 0, slice.Rows - 1) * slice.Columns + Math.Clamp(c, 0, slice.Columns - 1)];
                    display[channel * size * size + y * size + x] =
                        (1 - fr) * ((1 - fc) * Value(r0, c0) + fc * Value(r0, c0 + 1)) + fr * ((1 - fc) * Value(r0 + 1, c0) + fc * Value(r0 + 1, c0 + 1));
                }
                var nearest = Math.Clamp((int)Math.Round(row), 0, slice.Rows - 1) * slice.Columns + Math.Clamp((int)Math.Round(column), 0, slice.Columns - 1);
                sites[y * size + x] = slice.Sites[nearest];
            }
        return (display, sites, spacing);
    }
}
