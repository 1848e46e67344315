using System.Text;
using MedPeft.Data.Images;

namespace MedPeft.Tests.Fuzzing;

/// <summary>
/// <c>preprocessor_config.json</c> (three small ones and those of BLIP, CLIP and LLaVA-1.5 in TestData) under seeded
/// mutations (<see cref="FuzzRun"/>): every case reads and turns a small image into pixel values, or ends in one
/// <see cref="MedPeftException"/> naming the file. Sizes of 0, negative or absurd ones must be refused before an
/// image of that size is made.
/// </summary>
[Trait("Category", "Fuzz")]
[Collection(nameof(FuzzCollection))]
public class PreprocessorConfigFuzzTests
{
    static readonly string[] Valid =
    [
        """
        {"do_normalize": true, "do_resize": true, "do_rescale": true, "image_mean": [0.48145466, 0.4578275, 0.40821073],
         "image_processor_type": "BlipImageProcessor", "image_std": [0.26862954, 0.26130258, 0.27577711], "resample": 3,
         "rescale_factor": 0.00392156862745098, "size": {"height": 32, "width": 32}}
        """,
        """
        {"crop_size": {"height": 24, "width": 24}, "do_center_crop": true, "do_convert_rgb": true, "do_normalize": true, "do_rescale": true,
         "do_resize": true, "image_mean": [0.48145466, 0.4578275, 0.40821073], "image_processor_type": "CLIPImageProcessor",
         "image_std": [0.26862954, 0.26130258, 0.27577711], "resample": 3, "rescale_factor": 0.00392156862745098, "size": {"shortest_edge": 24}}
        """,
        """{"feature_extractor_type": "CLIPFeatureExtractor", "size": 20, "crop_size": 16, "do_center_crop": true, "image_mean": 0.5, "image_std": 0.25}""",
    ];

    [Fact]
    public void EveryMutatedPreprocessorConfigReadsOrFailsWithOneClearError()
    {
        using var folder = new TemporaryFolder();
        var image = new FloatImage(3, 20, 30, Enumerable.Range(0, 3 * 20 * 30).Select(i => (float)(i % 256)).ToArray());

        var corpus = Valid.Select(Encoding.UTF8.GetBytes)
            .Concat(Directory.GetFiles(TestData.Path("Images", "Preprocessors")).Order(StringComparer.Ordinal).Select(File.ReadAllBytes)).ToList();

        var outcome = FuzzRun.Check(MutationFuzzer.Cases(corpus, FuzzRun.Cases, seed: 18_700, FuzzCorpus.WholeFile),
            folder.File(PreprocessorConfig.FileName), path => new ImagePipeline(PreprocessorConfig.Load(path)).Process(image).Dispose());

        Assert.True(outcome.Accepted > 0 && outcome.Refused > 0, $"{outcome}");
    }
}
