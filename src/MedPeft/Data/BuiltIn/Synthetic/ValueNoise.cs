namespace MedPeft.Data.BuiltIn.Synthetic;

/// <summary>
/// Smooth random texture in [0, 1): random values on a square lattice, interpolated with a
/// smoothstep. Lattice values come from an integer hash, so the field is the same on every machine.
/// </summary>
sealed class ValueNoise(ulong seed, double cellSize)
{
    public double At(double x, double y)
    {
        var fx = x / cellSize;
        var fy = y / cellSize;
        var ix = (long)Math.Floor(fx);
        var iy = (long)Math.Floor(fy);
        var tx = Smooth(fx - ix);
        var ty = Smooth(fy - iy);
        var top = Lerp(Lattice(ix, iy), Lattice(ix + 1, iy), tx);
        var bottom = Lerp(Lattice(ix, iy + 1), Lattice(ix + 1, iy + 1), tx);
        return Lerp(top, bottom, ty);
    }

    static double Smooth(double t) => t * t * (3 - 2 * t);

    static double Lerp(double a, double b, double t) => a + (b - a) * t;

    double Lattice(long ix, long iy)
    {
        var z = seed ^ ((ulong)ix * 0x9E3779B97F4A7C15UL) ^ ((ulong)iy * 0xC2B2AE3D27D4EB4FUL);
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        z ^= z >> 31;
        return (z >> 11) * (1.0 / (1UL << 53));
    }
}
