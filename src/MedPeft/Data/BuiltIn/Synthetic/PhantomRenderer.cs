namespace MedPeft.Data.BuiltIn.Synthetic;

/// <summary>
/// Turns a scene into an 8-bit grayscale image: tissue contrast of the modality, texture, soft edges,
/// noise (and an MRI intensity bias field). Arithmetic only (no transcendental functions), so the
/// same scene and seed give the same pixels on every machine.
/// </summary>
internal static class PhantomRenderer
{
    public static byte[] Render(PhantomScene scene, long seed)
    {
        var size = scene.Size;
        var scale = size / 224.0;
        var fine = new ValueNoise((ulong)seed, 3 * scale);
        var coarse = new ValueNoise((ulong)seed ^ 0x5851F42D4C957F2DUL, 10 * scale);
        var unit = scene.Modality == "x-ray" ? XrayProjection(scene, fine) : SliceContrast(scene, fine, coarse);
        unit = Blur(unit, size);

        var random = new DeterministicRandom(seed, 1);
        var bias = new ValueNoise((ulong)seed ^ 0x2545F4914F6CDD1DUL, 80 * scale);
        var noiseSigma = NoiseSigma(scene);
        var pixels = new byte[size * size];
        for (var y = 0; y < size; y++)
            for (var x = 0; x < size; x++)
            {
                var i = y * size + x;
                var value = unit[i];
                if (scene.Modality == "mri") value *= 0.88 + 0.24 * bias.At(x, y);
                value += noiseSigma * random.NextNormalish();
                pixels[i] = (byte)Math.Clamp(Math.Round(value * 255), 0, 255);
            }
        return pixels;
    }

    static double NoiseSigma(PhantomScene scene) => (scene.Modality, scene.Region) switch
    {
        ("ct", "head") => 3.0 / 90,
        ("ct", "chest") => 25.0 / 1500,
        ("ct", _) => 10.0 / 400,
        ("mri", _) => 4.0 / 255,
        _ => 3.0 / 255,
    };

    /// <summary>CT and MRI: every pixel shows the tissue of its label, plus texture; lesions are set against their host.</summary>
    static double[] SliceContrast(PhantomScene scene, ValueNoise fine, ValueNoise coarse)
    {
        var size = scene.Size;
        var window = TissueContrast.CtWindow(scene.Region);
        var ct = scene.Modality == "ct";
        var unit = new double[size * size];
        for (var y = 0; y < size; y++)
            for (var x = 0; x < size; x++)
            {
                var label = scene.Labels[y * size + x];
                var grain = (fine.At(x, y) - 0.5) * 1.4 + (coarse.At(x, y) - 0.5) * 0.8;
                double value;
                if (label > scene.Structures.Count)
                {
                    var lesion = scene.Lesions[label - scene.Structures.Count - 1];
                    var rim = lesion.Kind == "cyst" && ClosestRadiusSquared(lesion, x + 0.5, y + 0.5) > 0.7;
                    value = ct ? TissueContrast.CtLesion(lesion.Kind, lesion.HostTissue, rim) : TissueContrast.MriLesion(lesion.Kind, lesion.HostTissue, rim);
                    value += 0.5 * grain * TissueContrast.Texture(scene.Modality, lesion.HostTissue);
                }
                else
                {
                    var tissue = label == 0 ? Tissue.Air : scene.Structures[label - 1].Tissue;
                    value = (ct ? TissueContrast.CtHounsfield(tissue) : TissueContrast.MriT1(tissue)) + grain * TissueContrast.Texture(scene.Modality, tissue);
                }
                unit[y * size + x] = ct ? window.ToUnit(value) : value / 255;
            }
        return unit;
    }

    /// <summary>
    /// X-ray: attenuation summed along the beam through ellipsoids. The body's thickness is the base;
    /// the part on top at a pixel (lung, trachea) replaces soft tissue along its own thickness; bones and
    /// lesions add to whatever lies in front of or behind them.
    /// </summary>
    static double[] XrayProjection(PhantomScene scene, ValueNoise fine)
    {
        var size = scene.Size;
        var structures = scene.Structures;
        var path = new double[size * size];
        AddThickness(path, size, structures[0].Parts, structures[0].Depth);
        for (var k = 1; k < structures.Count; k++)
            if (IsBone(structures[k].Tissue))
                AddThickness(path, size, structures[k].Parts, (TissueContrast.XrayAttenuation(structures[k].Tissue) - 1) * structures[k].Depth);
        for (var y = 0; y < size; y++)
            for (var x = 0; x < size; x++)
            {
                double px = x + 0.5, py = y + 0.5;
                var i = y * size + x;
                var label = scene.Labels[i];
                if (label > structures.Count)
                {
                    var lesion = scene.Lesions[label - structures.Count - 1];
                    var rim = lesion.Kind == "cyst" && ClosestRadiusSquared(lesion, px, py) > 0.7;
                    var depth = 3 * lesion.DiameterMm / 250;
                    path[i] += (TissueContrast.XrayLesion(lesion.Kind, rim) - TissueContrast.XrayAttenuation(lesion.HostTissue)) * depth * Thickness(lesion.Parts, px, py);
                    label = HostLabel(scene, lesion);
                }
                if (label > 1 && !IsBone(structures[label - 1].Tissue))
                {
                    var top = structures[label - 1];
                    path[i] += (TissueContrast.XrayAttenuation(top.Tissue) - 1) * top.Depth * Thickness(top.Parts, px, py);
                    if (top.Tissue == Tissue.Lung) path[i] += 0.06 * (fine.At(x, y) - 0.5);
                }
                path[i] /= 1.4;
            }
        return path;
    }

    /// <summary>Adds <paramref name="weight"/> times the part's relative thickness to every pixel it covers.</summary>
    static void AddThickness(double[] path, int size, IReadOnlyList<Ellipse> parts, double weight)
    {
        var covered = parts.Count > 1 ? new bool[size * size] : null;
        foreach (var part in parts)
        {
            var (x0, y0, x1, y1) = part.PixelBounds(size);
            for (var y = y0; y <= y1; y++)
                for (var x = x0; x <= x1; x++)
                {
                    var i = y * size + x;
                    if (!part.Contains(x + 0.5, y + 0.5) || covered?[i] == true) continue;
                    if (covered is not null) covered[i] = true;
                    path[i] += weight * Thickness(parts, x + 0.5, y + 0.5);
                }
        }
    }

    static bool IsBone(Tissue tissue) => tissue is Tissue.Bone or Tissue.Marrow;

    static byte HostLabel(PhantomScene scene, PhantomLesion lesion)
    {
        for (var k = scene.Structures.Count - 1; k >= 0; k--)
            if (scene.Structures[k].Location == lesion.Location) return (byte)(k + 1);
        return 0;
    }

    /// <summary>Relative chord length through the thickest of the ellipsoids over this point (0 outside, 1 at a centre).</summary>
    static double Thickness(IReadOnlyList<Ellipse> parts, double x, double y)
    {
        var thickest = 0.0;
        foreach (var part in parts)
        {
            var q = part.NormalizedRadiusSquared(x, y);
            if (q < 1) thickest = Math.Max(thickest, Math.Sqrt(1 - q));
        }
        return thickest;
    }

    static double ClosestRadiusSquared(PhantomLesion lesion, double x, double y) =>
        lesion.Parts.Min(part => part.NormalizedRadiusSquared(x, y));

    /// <summary>A separable [1 2 1]/4 blur: partial-volume edges instead of aliased ones.</summary>
    static double[] Blur(double[] image, int size)
    {
        var rows = new double[image.Length];
        var result = new double[image.Length];
        for (var y = 0; y < size; y++)
            for (var x = 0; x < size; x++)
            {
                var left = image[y * size + Math.Max(x - 1, 0)];
                var right = image[y * size + Math.Min(x + 1, size - 1)];
                rows[y * size + x] = (left + 2 * image[y * size + x] + right) / 4;
            }
        for (var y = 0; y < size; y++)
            for (var x = 0; x < size; x++)
            {
                var up = rows[Math.Max(y - 1, 0) * size + x];
                var down = rows[Math.Min(y + 1, size - 1) * size + x];
                result[y * size + x] = (up + 2 * rows[y * size + x] + down) / 4;
            }
        return result;
    }
}
