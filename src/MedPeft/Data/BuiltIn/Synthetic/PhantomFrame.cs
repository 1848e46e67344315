namespace MedPeft.Data.BuiltIn.Synthetic;

/// <summary>
/// Places anatomy given in normalised image coordinates (-1..1, x to the image's right = the patient's
/// left, y down) into pixels, with a per-image jitter of the whole body (scale, aspect, shift, tilt)
/// and of each part (position, size), so no two phantoms are the same.
/// </summary>
sealed class PhantomFrame
{
    readonly DeterministicRandom random;
    readonly double half, scaleX, scaleY, shiftX, shiftY, cos, sin;

    public PhantomFrame(int size, DeterministicRandom random)
    {
        this.random = random;
        half = size / 2.0;
        var scale = random.Uniform(0.92, 1.04);
        var aspect = random.Uniform(0.95, 1.05);
        scaleX = scale * aspect;
        scaleY = scale / aspect;
        shiftX = random.Uniform(-0.04, 0.04);
        shiftY = random.Uniform(-0.04, 0.04);
        (cos, sin) = UnitVector(random.Uniform(-0.08, 0.08));
    }

    /// <summary>The unit vector (1, t) normalised: a rotation by about t radians for small t, with no trigonometry.</summary>
    public static (double Cos, double Sin) UnitVector(double t)
    {
        var norm = Math.Sqrt(1 + t * t);
        return (1 / norm, t / norm);
    }

    /// <summary>An ellipse at (u, v) with radii (rx, ry) and its own tilt, jittered by up to <paramref name="jitter"/> in position and 6% in size.</summary>
    public Ellipse Place(double u, double v, double rx, double ry, double tilt = 0, double jitter = 0.015)
    {
        if (jitter > 0)
        {
            u += random.Uniform(-jitter, jitter);
            v += random.Uniform(-jitter, jitter);
            rx *= random.Uniform(0.94, 1.06);
            ry *= random.Uniform(0.94, 1.06);
        }
        var x = u * scaleX;
        var y = v * scaleY;
        var (tc, ts) = UnitVector(tilt);
        return new Ellipse(
            half + (x * cos - y * sin + shiftX) * half,
            half + (x * sin + y * cos + shiftY) * half,
            rx * scaleX * half, ry * scaleY * half,
            cos * tc - sin * ts, sin * tc + cos * ts);
    }

    /// <summary>Same as <see cref="Place"/> with no jitter: for parts that must stay nested exactly in another.</summary>
    public Ellipse Exact(double u, double v, double rx, double ry, double tilt = 0) => Place(u, v, rx, ry, tilt, jitter: 0);
}
