namespace MedPeft.Data.BuiltIn.Real;

/// <summary>
/// Where lesions may go on a slice that has no atlas or mask: pixels at least <c>marginMm</c> inside the
/// bright foreground (so a lesion stays off the outline, the skull ring and the dark spaces inside),
/// split into the patient's right (site 1, the image's left half) and left (site 2) at the foreground's
/// mean column. Only for images shown in the radiological convention.
/// </summary>
static class ForegroundSites
{
    const int MidlineGap = 2;

    public static byte[] Find(double[] display, int rows, int columns, double spacingMm, double threshold, double marginMm)
    {
        var inside = display.Take(rows * columns).Select(v => v >= threshold).ToArray();
        var foreground = Enumerable.Range(0, inside.Length).Where(i => inside[i]).ToList();
        var sites = new byte[rows * columns];
        if (foreground.Count == 0) return sites;
        var midline = foreground.Average(i => i % columns);
        var depth = DistanceToOutside(inside, rows, columns);
        for (var i = 0; i < sites.Length; i++)
        {
            var column = i % columns;
            if (depth[i] * spacingMm < marginMm || Math.Abs(column - midline) < MidlineGap) continue;
            sites[i] = (byte)(column < midline ? 1 : 2);
        }
        return sites;
    }

    /// <summary>Chamfer distance (1 along an axis, 1.4 diagonally) in pixels from each inside pixel to the nearest outside one or the border.</summary>
    static double[] DistanceToOutside(bool[] inside, int rows, int columns)
    {
        var distance = inside.Select(v => v ? double.MaxValue : 0).ToArray();
        double At(int r, int c) => r < 0 || c < 0 || r >= rows || c >= columns ? 0 : distance[r * columns + c];
        for (var r = 0; r < rows; r++)
            for (var c = 0; c < columns; c++)
                if (inside[r * columns + c])
                    distance[r * columns + c] = Math.Min(Math.Min(At(r, c - 1) + 1, At(r - 1, c) + 1), Math.Min(At(r - 1, c - 1) + 1.4, At(r - 1, c + 1) + 1.4));
        for (var r = rows - 1; r >= 0; r--)
            for (var c = columns - 1; c >= 0; c--)
                if (inside[r * columns + c])
                    distance[r * columns + c] = Math.Min(distance[r * columns + c], Math.Min(Math.Min(At(r, c + 1) + 1, At(r + 1, c) + 1),
                        Math.Min(At(r + 1, c + 1) + 1.4, At(r + 1, c - 1) + 1.4)));
        return distance;
    }
}
