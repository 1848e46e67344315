using MedPeft.Data.BuiltIn.Synthetic;

namespace MedPeft.Data.BuiltIn.Real;

/// <summary>
/// Builds <c>builtin-real</c> from real scans of two Debian packages (<see cref="RealSources"/>):
/// slices in three planes, half of them with synthetic lesions of known place, size, count, kind and
/// shape, with questions and reports computed from the atlas labels, masks and placed lesions.
/// The set MedPeft ships (<see cref="ShippedDatasets"/>) is this builder's output with its defaults.
/// </summary>
internal static class RealDatasetBuilder
{
    public const string Name = "builtin-real";
    /// <summary>The layout version in dataset.json.</summary>
    public const int Version = 1;
    /// <summary>Changes whenever the same options would give different files; recorded in the options so an older build is rebuilt.</summary>
    public const int GeneratorVersion = 2;

    const int LesionAttempts = 20;

    /// <summary>Every slice the set is made of, in image order (image i is made from slice i).</summary>
    /// <param name="perPlane">Slices per plane of each volume: two volumes, three planes, so 50 gives about 300 images.</param>
    public static List<RealSlice> Slices(string root, int perPlane = DefaultSlicesPerPlane) =>
        ColinAtlasSlices.Read(root, perPlane).Concat(CraniumCtSlices.Read(root, perPlane)).ToList();

    public const int DefaultSlicesPerPlane = 50;

    /// <param name="from">A folder with the packages extracted by <c>dpkg-deb -x</c>, or <c>/</c> for the installed packages.</param>
    public static BuiltInBuild Build(string directory, string from, long seed = 42, int imageSize = 224, int questionsPerImage = 5, int slicesPerPlane = DefaultSlicesPerPlane)
    {
        if (imageSize is < SyntheticOptions.MinImageSize or > SyntheticOptions.MaxImageSize)
            throw new MedPeftException($"image size must be between {SyntheticOptions.MinImageSize} and {SyntheticOptions.MaxImageSize} pixels (got {imageSize})");
        if (questionsPerImage is < 1 or > SyntheticOptions.MaxQuestionsPerImage)
            throw new MedPeftException($"questions per image must be between 1 and {SyntheticOptions.MaxQuestionsPerImage} (got {questionsPerImage})");
        if (slicesPerPlane < 1) throw new MedPeftException($"slices per plane must be positive (got {slicesPerPlane})");
        var root = RealSources.Locate(from);
        var slices = Slices(root, slicesPerPlane);

        using var staging = new DatasetStaging(directory);
        var images = new (string Id, string File, string Group, ImageFacts Facts, RealSource Source)[slices.Count];
        Parallel.For(0, slices.Count, i =>
        {
            var slice = slices[i];
            var (display, sites, spacing) = RealSliceResampler.Resample(slice, imageSize);
            var facts = Decorate(new DeterministicRandom(seed, i, 2), slice, display, sites, spacing, imageSize);
            var id = $"real-{i:D5}";
            var pixels = display.Select(v => (byte)Math.Clamp(Math.Round(v), 0, 255)).ToArray();
            staging.WriteImage($"{id}.png", GrayPng.Encode(pixels, imageSize, imageSize));
            images[i] = (id, $"{id}.png", slice.Group, facts, slice.Source);
        });

        var random = new DeterministicRandom(seed);
        var splitOfGroup = DatasetSplits.Assign(images.Select(image => image.Group), random);
        var vocabulary = QuestionVocabulary.From(images.Select(image => image.Facts));
        var questions = DatasetSplits.All.ToDictionary(split => split, split => VqaSampler.Sample(
            images.Where(image => splitOfGroup[image.Group] == split).Select(image => new VqaSampler.Item(image.Id, $"images/{image.File}", image.Facts)).ToList(),
            questionsPerImage, vocabulary, random));
        var reports = images.Zip(slices).Select(pair => new ReportRow(pair.First.Id, ReportTemplate.Write(pair.First.Facts, pair.Second.Description),
            pair.First.File, DatasetSplits.ReportSplitName(splitOfGroup[pair.First.Group]))).ToList();
        var imagesPerSplit = DatasetSplits.All.ToDictionary(split => split, split => images.Count(image => splitOfGroup[image.Group] == split));
        var manifest = Manifest(seed, imageSize, questionsPerImage, slicesPerPlane, images.GroupBy(image => image.Source).Select(g =>
            new DatasetSource(g.Key.Name, g.Key.Package, g.Key.Licence, g.Count())).ToList());
        staging.Commit(manifest, imagesPerSplit, questions, reports);
        return new BuiltInBuild(manifest, imagesPerSplit, DatasetStatistics.Compute(questions));
    }

    static DatasetManifest Manifest(long seed, int imageSize, int questionsPerImage, int slicesPerPlane, IReadOnlyList<DatasetSource> sources) => new(
        Name, Version, seed, imageSize, [KeyValuePair.Create("questions_per_image", questionsPerImage), KeyValuePair.Create("slices_per_plane", slicesPerPlane),
         KeyValuePair.Create("generator_version", GeneratorVersion)], sources,
        [
            "the lesions are synthetic: drawn by MedPeft into real slices at a known place, size, count, kind and shape; every abnormal answer refers to them, the scans themselves are of normal heads",
            "left and right are the patient's: the patient's left is on the image's right (radiological convention)",
            "organs come from labels, never by hand: the AAL atlas (lobes, cerebellum, thalamus) and the brain-extracted template for the MRI; bone (at least 250 HU) and the space the skull encloses for the CT",
            "the CT's left and right assume InVesalius keeps DICOM's column order (the patient's right in the first column)",
            "splits are by group: a group is the slices of one plane of one volume within a slab of 12-15 slices; the set has two volumes (one MRI, one CT), so slabs of the same volume can be in different splits",
            $"lesion sizes: small {LesionPlacer.SmallMinMm:0}-{LesionPlacer.SmallMaxMm:0} mm, large {LesionPlacer.LargeMinMm:0}-{LesionPlacer.LargeMaxMm:0} mm (largest extent)",
        ]);

    /// <summary>Draws the image's lesions (half the images have none) and paints them; returns what is true of the image.</summary>
    static ImageFacts Decorate(DeterministicRandom random, RealSlice slice, double[] display, byte[] sites, double spacing, int size)
    {
        var presentSites = slice.SiteNames.Where((_, k) => sites.Contains((byte)(k + 1))).ToList();
        List<PhantomLesion> lesions = [];
        var sizeClass = "small";
        var needsVertical = false;
        if (random.NextBool())
        {
            for (var attempt = 0; attempt < LesionAttempts && lesions.Count == 0; attempt++)
            {
                // Slices with little brain may not hold what was drawn: draw again; the last try is one small lesion.
                var last = attempt == LesionAttempts - 1;
                var count = last ? 1 : 1 + random.NextInt(3);
                sizeClass = last || random.NextBool() ? "small" : "large";
                var kind = random.NextBool() ? "nodule" : "cyst";
                var shape = random.NextBool() ? "irregular" : "round";
                needsVertical = count == 1 && slice.Plane != "axial";
                lesions = RealLesionPainter.TryPaint(random, display, sites, slice.SiteNames, size, spacing, count, sizeClass, kind, shape, needsVertical)?.Lesions ?? [];
            }
        }
        LesionFacts? lesionFacts = null;
        if (lesions.Count > 0)
        {
            var first = lesions[0];
            lesionFacts = new LesionFacts(first.Location, first.Location.Split(' ')[0], needsVertical ? first.Vertical : null,
                sizeClass, first.Kind, first.Shape, Math.Round(lesions.Max(l => l.DiameterMm)));
        }
        return new ImageFacts(slice.Modality, slice.Plane, null, null, slice.Organs, presentSites, lesions.Count, lesionFacts,
            slice.KnownOrgans.Except(slice.Organs).ToList());
    }
}
