namespace MedPeft.Data.BuiltIn.Synthetic;

/// <summary>
/// Places lesions inside one host organ of a painted phantom: wholly inside it (with a margin), apart
/// from each other, and for a single lesion clearly in the upper or lower half of the host.
/// </summary>
static class LesionPlacer
{
    /// <summary>Diameter ranges in millimetres; the gap between them keeps "small" and "large" unambiguous.</summary>
    public const double SmallMinMm = 12, SmallMaxMm = 18, LargeMinMm = 28, LargeMaxMm = 44;

    const double MarginPixels = 2, GapPixels = 3, VerticalMargin = 0.15;
    const int TriesPerLesion = 60;

    // Four axes through a lobulated lesion (0, 45, 90, 135 degrees), as exact constants.
    static readonly (double X, double Y)[] Axes = [(1, 0), (0.7071067811865476, 0.7071067811865476), (0, 1), (-0.7071067811865476, 0.7071067811865476)];

    /// <summary>Lesions for the scene, or null when they do not fit in any host of this anatomy.</summary>
    public static List<PhantomLesion>? TryPlace(DeterministicRandom random, IReadOnlyList<PhantomStructure> structures, byte[] labels, int size,
        double spacingMm, int count, string sizeClass, string kind, string shape, bool needsVertical)
    {
        if (count == 0) return [];
        var hosts = structures.Select(s => s.Location).OfType<string>().Distinct().ToList();
        random.Shuffle(hosts);
        foreach (var host in hosts)
        {
            bool InHost(byte label) => label > 0 && label <= structures.Count && structures[label - 1].Location == host;
            var hostTissue = structures.First(s => s.Location == host).Tissue;
            var extent = HostExtent(labels, size, InHost);
            if (extent is null) continue;
            var (x0, y0, x1, y1, centroidY) = extent.Value;
            var halfHeight = (y1 - y0 + 1) / 2.0;
            var placed = new List<PhantomLesion>();
            for (var k = 0; k < count; k++)
            {
                for (var attempt = 0; attempt < TriesPerLesion; attempt++)
                {
                    var diameter = sizeClass == "small" ? random.Uniform(SmallMinMm, SmallMaxMm) : random.Uniform(LargeMinMm, LargeMaxMm);
                    var radius = diameter / 2 / spacingMm;
                    var x = random.Uniform(x0, x1 + 1);
                    var y = random.Uniform(y0, y1 + 1);
                    var parts = Outline(random, shape, x, y, radius);
                    if (needsVertical && Math.Abs(y - centroidY) < VerticalMargin * halfHeight) continue;
                    if (placed.Any(other => Distance(other, x, y) < radius + other.DiameterMm / 2 / spacingMm + GapPixels)) continue;
                    if (!parts.All(part => PhantomLabels.Within(labels, size, part, MarginPixels, InHost))) continue;
                    placed.Add(new PhantomLesion(host, hostTissue, kind, shape, diameter, x, y, y < centroidY ? "upper" : "lower", parts));
                    break;
                }
                if (placed.Count <= k) break;
            }
            if (placed.Count == count) return placed;
        }
        return null;
    }

    static double Distance(PhantomLesion lesion, double x, double y)
    {
        var dx = lesion.CenterX - x;
        var dy = lesion.CenterY - y;
        return Math.Sqrt(dx * dx + dy * dy);
    }

    /// <summary>A round lesion is one slightly oval ellipse; an irregular one is a core with lobes reaching the full radius along two axes.</summary>
    static Ellipse[] Outline(DeterministicRandom random, string shape, double x, double y, double radius)
    {
        if (shape == "round")
        {
            var (cos, sin) = PhantomFrame.UnitVector(random.Uniform(-1, 1));
            return [new Ellipse(x, y, radius, radius * random.Uniform(0.8, 1.0), cos, sin)];
        }
        var first = random.NextInt(Axes.Length);
        var second = (first + 1 + random.NextInt(Axes.Length - 1)) % Axes.Length;
        var parts = new List<Ellipse> { new(x, y, 0.62 * radius, 0.62 * radius) };
        foreach (var axis in new[] { Axes[first], Axes[second] })
            foreach (var sign in new[] { -1.0, 1.0 })
            {
                var reach = random.Uniform(0.52, 0.62) * radius;
                parts.Add(new Ellipse(x + sign * axis.X * reach, y + sign * axis.Y * reach, radius - reach, radius - reach));
            }
        return [.. parts];
    }

    static (int X0, int Y0, int X1, int Y1, double CentroidY)? HostExtent(byte[] labels, int size, Func<byte, bool> inHost)
    {
        int x0 = size, y0 = size, x1 = -1, y1 = -1;
        double sumY = 0;
        var pixels = 0;
        for (var y = 0; y < size; y++)
            for (var x = 0; x < size; x++)
            {
                if (!inHost(labels[y * size + x])) continue;
                x0 = Math.Min(x0, x); x1 = Math.Max(x1, x);
                y0 = Math.Min(y0, y); y1 = Math.Max(y1, y);
                sumY += y + 0.5;
                pixels++;
            }
        return pixels == 0 ? null : (x0, y0, x1, y1, sumY / pixels);
    }
}
