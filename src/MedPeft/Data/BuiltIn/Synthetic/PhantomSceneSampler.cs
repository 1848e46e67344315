namespace MedPeft.Data.BuiltIn.Synthetic;

/// <summary>
/// Draws one random scene: modality, body region, plane and level, anatomy, and 0–3 lesions of one
/// size class, kind and shape in one host organ. Half the scenes are normal; the rest have 1, 2 or 3
/// lesions with equal probability; size class, kind and shape are each 50/50 and independent, so
/// no closed question about them can be answered from its wording alone.
/// </summary>
internal static class PhantomSceneSampler
{
    /// <summary>Field of view in millimetres: a head scan is framed tighter than a chest or abdomen.</summary>
    public const double HeadFieldOfViewMm = 230, BodyFieldOfViewMm = 360;

    const int AnatomyAttempts = 60;

    public static PhantomScene Sample(DeterministicRandom random, int size)
    {
        var modality = random.Pick(["ct", "mri", "x-ray"]);
        var region = modality switch
        {
            "x-ray" => "chest",
            "mri" => random.Pick(["head", "abdomen"]),
            _ => random.Pick(["head", "chest", "abdomen"]),
        };
        var (plane, level) = View(random, modality, region);
        var count = random.NextBool() ? 0 : 1 + random.NextInt(3);
        var sizeClass = random.NextBool() ? "small" : "large";
        var kind = random.NextBool() ? "nodule" : "cyst";
        var shape = random.NextBool() ? "irregular" : "round";
        var spacing = (region == "head" ? HeadFieldOfViewMm : BodyFieldOfViewMm) / size;

        for (var attempt = 0; attempt < AnatomyAttempts; attempt++)
        {
            // Some views cannot hold three large lesions at small image sizes: after a while, try other views.
            if (attempt >= AnatomyAttempts / 3) (plane, level) = View(random, modality, region);
            var needsVertical = count == 1 && plane == "coronal";
            var frame = new PhantomFrame(size, random);
            var structures = PhantomAnatomy.Build(region, plane, modality, level, frame, random);
            var labels = PhantomLabels.Paint(structures, size);
            var lesions = LesionPlacer.TryPlace(random, structures, labels, size, spacing, count, sizeClass, kind, shape, needsVertical);
            if (lesions is null) continue;
            for (var j = 0; j < lesions.Count; j++)
                foreach (var part in lesions[j].Parts)
                    PhantomLabels.Fill(labels, size, part, (byte)(structures.Count + 1 + j));
            return new PhantomScene(modality, region, plane, level, size, spacing, structures, lesions, sizeClass, labels);
        }
        throw new MedPeftException($"could not fit {count} {sizeClass} lesions into a {size}x{size} {region} phantom; use a larger --image-size");
    }

    static (string Plane, string? Level) View(DeterministicRandom random, string modality, string region)
    {
        // X-rays (a third of the images) count as coronal, so CT and MRI are axial 3 times in 4: half of all images each way.
        var plane = modality == "x-ray" || random.NextInt(4) == 0 ? "coronal" : "axial";
        string? level = (region, plane) switch
        {
            ("head", "axial") => random.Pick([PhantomAnatomy.VentricleLevel, PhantomAnatomy.OrbitLevel]),
            ("abdomen", "axial") => random.Pick([PhantomAnatomy.UpperAbdomenLevel, PhantomAnatomy.KidneyLevel]),
            _ => null,
        };
        return (plane, level);
    }

    /// <summary>The facts questions and reports are made from.</summary>
    public static ImageFacts Facts(PhantomScene scene)
    {
        LesionFacts? lesions = null;
        if (scene.Lesions.Count > 0)
        {
            var first = scene.Lesions[0];
            var side = first.Location switch
            {
                "liver" => "right",
                "spleen" => "left",
                var location => location.Split(' ')[0],
            };
            var vertical = scene.Lesions.Count == 1 && scene.Plane == "coronal" ? first.Vertical : null;
            lesions = new LesionFacts(first.Location, side, vertical, scene.SizeClass, first.Kind, first.Shape,
                Math.Round(scene.Lesions.Max(l => l.DiameterMm)));
        }
        var sites = scene.Structures.Select(s => s.Location).OfType<string>().Distinct().ToList();
        return new ImageFacts(scene.Modality, scene.Plane, scene.Region, scene.Level, scene.VisibleOrgans(), sites, scene.Lesions.Count, lesions);
    }
}
