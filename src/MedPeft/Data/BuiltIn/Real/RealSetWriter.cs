namespace MedPeft.Data.BuiltIn.Real;

/// <summary>Writes one real set (<c>builtin-real</c> or <c>builtin-real-ood</c>): images, questions per split, reports and dataset.json.</summary>
static class RealSetWriter
{
    /// <param name="Options">The build options dataset.json records.</param>
    public sealed record Settings(long Seed, int ImageSize, int QuestionsPerImage, IReadOnlyList<KeyValuePair<string, int>> Options);

    /// <param name="vocabulary">What closed "no" questions and candidates may name: the modalities, planes and organs of both sets.</param>
    /// <param name="stream">Separates the question draws of the two sets.</param>
    public static BuiltInBuild Write(string directory, string name, IReadOnlyList<RealImage> images, Func<RealImage, string> splitOf,
        QuestionVocabulary vocabulary, long stream, Settings settings, IReadOnlyList<string> notes)
    {
        using var staging = new DatasetStaging(directory);
        foreach (var image in images) staging.WriteImage(image.File, image.Png);
        var random = new DeterministicRandom(settings.Seed, stream);
        var questions = DatasetSplits.All.ToDictionary(split => split, split => VqaSampler.Sample(
            images.Where(image => splitOf(image) == split).Select(image => new VqaSampler.Item(image.Id, $"images/{image.File}", image.Facts)).ToList(),
            settings.QuestionsPerImage, vocabulary, random, choices: true));
        var reports = images.Select(image => new ReportRow(image.Id, ReportTemplate.Write(image.Facts, image.Slice.Description),
            image.File, DatasetSplits.ReportSplitName(splitOf(image)))).ToList();
        var imagesPerSplit = DatasetSplits.All.ToDictionary(split => split, split => images.Count(image => splitOf(image) == split));
        var manifest = new DatasetManifest(name, RealDatasetBuilder.Version, settings.Seed, settings.ImageSize, settings.Options,
            images.GroupBy(image => image.Slice.Subject.Source).Select(g => new DatasetSource(g.Key.Name, g.Key.PackageAndVersion, g.Key.Licence, g.Count())).ToList(),
            notes)
        {
            Subjects = images.GroupBy(image => image.Slice.Subject).Select(g => new DatasetSubject(g.Key.Id, g.Key.Modality, g.Key.Region,
                g.Key.Source.PackageAndVersion, splitOf(g.First()), g.Count())).ToList(),
        };
        staging.Commit(manifest, imagesPerSplit, questions, reports);
        return new BuiltInBuild(manifest, imagesPerSplit, DatasetStatistics.Compute(questions));
    }
}
