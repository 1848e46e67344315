namespace MedPeft.Data.BuiltIn.Synthetic;

/// <summary>
/// Builds <c>builtin-synthetic</c>: phantom images, their questions and reports, in the built-in layout.
/// Image i is drawn from its own random stream (seed, i), so images render in parallel and the same
/// seed gives the same bytes whatever the number of threads.
/// </summary>
internal static class SyntheticDatasetBuilder
{
    public const string Name = "builtin-synthetic";
    /// <summary>The layout version in dataset.json.</summary>
    public const int Version = 1;
    /// <summary>Changes whenever the same options would give different files; recorded in the options so an older build is rebuilt.</summary>
    public const int GeneratorVersion = 2;

    public static DatasetManifest Manifest(SyntheticOptions options) => new(Name, Version, options.Seed, options.ImageSize,
        [KeyValuePair.Create("images", options.Images), KeyValuePair.Create("questions_per_image", options.QuestionsPerImage),
         KeyValuePair.Create("generator_version", GeneratorVersion)],
        [new DatasetSource("MedPeft phantom generator (procedural CT, MRI and x-ray phantoms)", "MedPeft", "generated; contains no third-party data", options.Images)],
        [
            "left and right are the patient's: the patient's left is on the image's right (radiological convention)",
            "every answer and report is computed from the generator's ground truth (anatomy, lesion place, size, count, kind and shape)",
            $"lesion sizes: small {LesionPlacer.SmallMinMm:0}-{LesionPlacer.SmallMaxMm:0} mm, large {LesionPlacer.LargeMinMm:0}-{LesionPlacer.LargeMaxMm:0} mm (largest extent)",
            "x-rays are frontal projections, answered as the coronal plane",
        ]);

    /// <summary>Builds the dataset into <paramref name="directory"/> (replacing a built-in dataset already there).</summary>
    public static BuiltInBuild Build(string directory, SyntheticOptions options)
    {
        options.Validate();
        var manifest = Manifest(options);
        using var staging = new DatasetStaging(directory);
        var facts = new ImageFacts[options.Images];
        Parallel.For(0, options.Images, i =>
        {
            var random = ImageRandom(options.Seed, i);
            var scene = PhantomSceneSampler.Sample(random, options.ImageSize);
            var pixels = PhantomRenderer.Render(scene, (long)random.NextUInt64());
            staging.WriteImage(FileName(i), PngImages.Encode(pixels, options.ImageSize, options.ImageSize));
            facts[i] = PhantomSceneSampler.Facts(scene);
        });

        var random = new DeterministicRandom(options.Seed);
        var splits = DatasetSplits.Assign(Enumerable.Range(0, options.Images).Select(ImageId), random);
        var vocabulary = QuestionVocabulary.From(facts);
        var questions = new Dictionary<string, List<VqaRow>>();
        foreach (var split in DatasetSplits.All)
        {
            var items = Enumerable.Range(0, options.Images).Where(i => splits[ImageId(i)] == split)
                .Select(i => new VqaSampler.Item(ImageId(i), $"images/{FileName(i)}", facts[i])).ToList();
            questions[split] = VqaSampler.Sample(items, options.QuestionsPerImage, vocabulary, random);
        }
        var reports = Enumerable.Range(0, options.Images)
            .Select(i => new ReportRow(ImageId(i), ReportTemplate.Write(facts[i]), FileName(i), DatasetSplits.ReportSplitName(splits[ImageId(i)])))
            .ToList();
        var imagesPerSplit = DatasetSplits.All.ToDictionary(split => split, split => splits.Values.Count(s => s == split));
        staging.Commit(manifest, imagesPerSplit, questions, reports);
        return new BuiltInBuild(manifest, imagesPerSplit, DatasetStatistics.Compute(questions));
    }

    /// <summary>The random stream image <paramref name="index"/> is drawn from: its scene first, then its render seed.</summary>
    public static DeterministicRandom ImageRandom(long seed, int index) => new(seed, index, 1);

    static string ImageId(int index) => $"synthetic-{index:D5}";

    static string FileName(int index) => $"{ImageId(index)}.png";
}
