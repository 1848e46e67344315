namespace MedPeft.Data.BuiltIn.Synthetic;

/// <summary>
/// An ellipse in pixel coordinates, rotated by the unit vector (<see cref="Cos"/>, <see cref="Sin"/>).
/// Rotations are carried as unit vectors, not angles, so no trigonometric function (whose last bits
/// differ between platforms) is ever evaluated.
/// </summary>
internal readonly record struct Ellipse(double CenterX, double CenterY, double RadiusX, double RadiusY, double Cos = 1, double Sin = 0)
{
    /// <summary>Squared normalised distance from the centre: below 1 inside, 1 on the outline.</summary>
    public double NormalizedRadiusSquared(double x, double y)
    {
        var dx = x - CenterX;
        var dy = y - CenterY;
        var along = (dx * Cos + dy * Sin) / RadiusX;
        var across = (dy * Cos - dx * Sin) / RadiusY;
        return along * along + across * across;
    }

    public bool Contains(double x, double y) => NormalizedRadiusSquared(x, y) <= 1;

    /// <summary>Pixel rows/columns that may hold points of the ellipse, clipped to a <paramref name="size"/>-square image.</summary>
    public (int X0, int Y0, int X1, int Y1) PixelBounds(int size)
    {
        var reach = Math.Max(RadiusX, RadiusY) + 1;
        return (Math.Max(0, (int)(CenterX - reach)), Math.Max(0, (int)(CenterY - reach)),
                Math.Min(size - 1, (int)(CenterX + reach) + 1), Math.Min(size - 1, (int)(CenterY + reach) + 1));
    }
}
