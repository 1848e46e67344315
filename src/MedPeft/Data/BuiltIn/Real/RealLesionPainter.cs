using MedPeft.Data.BuiltIn.Synthetic;

namespace MedPeft.Data.BuiltIn.Real;

/// <summary>
/// Adds synthetic lesions of known place, size, count, kind and shape to a real slice: the same
/// placement rules as the phantoms (wholly inside one hemisphere, apart from each other), drawn
/// against the tissue around them: a nodule brighter, a cyst darker with a brighter rim.
/// </summary>
static class RealLesionPainter
{
    /// <summary>The placed lesions and the label map of their pixels (lesion j has label j + 1), or null when they do not fit.</summary>
    public static (List<PhantomLesion> Lesions, byte[] Labels)? TryPaint(DeterministicRandom random, double[] display, byte[] sites, IReadOnlyList<string> siteNames,
        int size, double spacingMm, int count, string sizeClass, string kind, string shape, bool needsVertical)
    {
        var hosts = siteNames.Select(name => new PhantomStructure(name, Tissue.GreyMatter, [], "brain", name)).ToList();
        var lesions = LesionPlacer.TryPlace(random, hosts, sites, size, spacingMm, count, sizeClass, kind, shape, needsVertical);
        if (lesions is null) return null;
        var labels = new byte[size * size];
        for (var j = 0; j < lesions.Count; j++)
        {
            var lesion = lesions[j];
            foreach (var part in lesion.Parts) PhantomLabels.Fill(labels, size, part, (byte)(j + 1));
            var host = SurroundingMean(display, sites, size, lesion);
            var (x0, y0, x1, y1) = lesion.Parts.Select(p => p.PixelBounds(size)).Aggregate((a, b) =>
                (Math.Min(a.X0, b.X0), Math.Min(a.Y0, b.Y0), Math.Max(a.X1, b.X1), Math.Max(a.Y1, b.Y1)));
            for (var y = y0; y <= y1; y++)
                for (var x = x0; x <= x1; x++)
                {
                    var i = y * size + x;
                    if (labels[i] != j + 1) continue;
                    var q = lesion.Parts.Min(p => p.NormalizedRadiusSquared(x + 0.5, y + 0.5));
                    var target = kind == "nodule" ? Math.Min(host + 70, 250) : q > 0.7 ? Math.Min(host + 35, 250) : host * 0.25;
                    var alpha = q <= 0.8 ? 1 : 1 - 2.5 * (q - 0.8); // a soft edge over the outer tenth of the radius
                    display[i] = (1 - alpha) * display[i] + alpha * (target + 4 * random.NextNormalish());
                }
        }
        return (lesions, labels);
    }

    /// <summary>Mean gray value of the host site in a ring a few pixels outside the lesion.</summary>
    static double SurroundingMean(double[] display, byte[] sites, int size, PhantomLesion lesion)
    {
        var radius = lesion.Parts.Max(p => Math.Max(p.RadiusX, p.RadiusY) + Math.Sqrt(Math.Pow(p.CenterX - lesion.CenterX, 2) + Math.Pow(p.CenterY - lesion.CenterY, 2)));
        double sum = 0;
        var count = 0;
        var reach = (int)(radius + 6);
        for (var y = Math.Max(0, (int)lesion.CenterY - reach); y < Math.Min(size, (int)lesion.CenterY + reach); y++)
            for (var x = Math.Max(0, (int)lesion.CenterX - reach); x < Math.Min(size, (int)lesion.CenterX + reach); x++)
            {
                var d = Math.Sqrt(Math.Pow(x + 0.5 - lesion.CenterX, 2) + Math.Pow(y + 0.5 - lesion.CenterY, 2));
                if (d < radius + 1 || d > radius + 6 || sites[y * size + x] == 0) continue;
                sum += display[y * size + x];
                count++;
            }
        return count == 0 ? 128 : sum / count;
    }
}
