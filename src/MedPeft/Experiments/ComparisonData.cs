using MedPeft.Data.BuiltIn;
using MedPeft.Data.BuiltIn.Real;
using MedPeft.Data.BuiltIn.Synthetic;
using MedPeft.Models;
using MedPeft.Models.Blip;
using MedPeft.Models.BuiltIn;

namespace MedPeft.Experiments;

/// <summary>
/// The dataset a comparison runs on. With no folder given it is always the shipped <c>builtin-real</c>,
/// so <c>medpeft compare</c> runs the same experiment on every machine; <c>builtin-synthetic</c> only
/// when asked for (built into the cache), never as a silent stand-in: the built-in base model was
/// pretrained on that generator, so a comparison on it measures little.
/// </summary>
internal static class ComparisonData
{
    public static (string Directory, string Format, string Note) Resolve(ComparisonSpec spec, string modelFolder)
    {
        if (spec.Data is not null) return (spec.Data, spec.Format!, $"data: {spec.Data} ({spec.Format})");
        if (spec.Format == SyntheticDatasetBuilder.Name)
        {
            int imageSize = ImageSizeOf(modelFolder);
            var synthetic = MedPeftCache.Folder("data", $"builtin-synthetic-{spec.Seed}-{imageSize}");
            BuiltInDatasets.EnsureSynthetic(synthetic, new SyntheticOptions(Seed: spec.Seed, ImageSize: imageSize));
            return (synthetic, SyntheticDatasetBuilder.Name, $"data: builtin-synthetic (procedural CT/MR/X-ray phantoms of seed {spec.Seed}, built in the cache)");
        }
        return (ShippedDatasets.Real(), RealDatasetBuilder.Name,
            "data: builtin-real (shipped with MedPeft: 203 images of 7 real subjects, MRI, CT, fundus and pathology, some with drawn lesions, split by subject, " +
            "computed questions; sources and licences in its SOURCES.md)");
    }

    /// <summary>
    /// The further test sets of a comparison: those it names, else, for the shipped <c>builtin-real</c>,
    /// the shipped <c>builtin-real-ood</c> (subjects, a modality and a body region that no training image shows).
    /// </summary>
    public static IReadOnlyList<TestSet> TestSets(ComparisonSpec spec) =>
        spec.EvalOn ?? (spec.Data is null && spec.Format is null or RealDatasetBuilder.Name
            ? [TestSet.Of(RealDatasetBuilder.OodName, ShippedDatasets.RealOod())]
            : []);

    static int ImageSizeOf(string modelFolder)
    {
        using var model = HfModelLoader.LoadStructure(modelFolder);
        return model is BlipForQuestionAnswering blip ? Math.Max(64, blip.Config.ImageSize) : 224;
    }
}
