using System.Text.Json;
using MedPeft.Data;
using MedPeft.Data.Images;
using TorchSharp;
using static TorchSharp.torch;

namespace MedPeft.Tests.Data.Images;

public class ImagePipelineTests
{
    static FloatImage Ramp(int channels, int height, int width) =>
        new(channels, height, width, Enumerable.Range(0, channels * height * width).Select(i => (float)(i % 251)).ToArray());

    [Fact]
    public void BlipNormalisationIsRescaleThenClipMeanStd()
    {
        var image = new FloatImage(1, 2, 2, [0f, 51f, 204f, 255f]);
        using var pixels = new ImagePipeline(ImagePreprocessing.Blip(2)).Process(image);
        Assert.Equal(new long[] { 3, 2, 2 }, pixels.shape);
        var values = pixels.data<float>().ToArray();
        float[] mean = [0.48145466f, 0.4578275f, 0.40821073f], std = [0.26862954f, 0.26130258f, 0.27577711f];
        for (int c = 0; c < 3; c++)
            for (int i = 0; i < 4; i++) // grayscale replicated: every channel sees the same value
                Assert.Equal((image.Pixels[i] / 255f - mean[c]) / std[c], values[c * 4 + i], 1e-5);
    }

    [Fact]
    public void MissKeepsZeroToOneValuesWithoutNormalisation()
    {
        var image = new FloatImage(3, 1, 1, [255f, 0f, 102f]);
        using var pixels = new ImagePipeline(ImagePreprocessing.Miss(1)).Process(image);
        var values = pixels.data<float>().ToArray();
        Assert.Equal(new[] { 1f, 0f, 0.4f }, values, (a, b) => Math.Abs(a - b) < 1e-6);
    }

    [Fact]
    public void BicubicResizeIsPillowsExactly()
    {
        var reference = TestData.Json("Images", "Pictures", "reference.json").GetProperty("gray.png resized to 12x16 bicubic");
        var image = ImageLoader.Load(TestData.Path("Images", "Pictures", "gray.png"));
        var preprocessing = new ImagePreprocessing { ResizeTo = (12, 16) };
        using var pixels = new ImagePipeline(preprocessing).Process(image);
        var values = pixels.data<float>().ToArray();
        foreach (var pixel in reference.GetProperty("pixels").EnumerateArray())
        {
            var p = pixel.EnumerateArray().Select(v => v.GetDouble()).ToArray();
            Assert.Equal(p[2], values[(int)p[0] * 16 + (int)p[1]]);
        }
    }

    [Fact]
    public void PadPastesTheImageCentredOnTheMeanColour()
    {
        // expand2square: RGB fill int(m * 255) per channel (122, 116, 104); grey fill int(255 * mean of the means) = 114.
        var rgb = new FloatImage(3, 1, 4, Enumerable.Repeat(200f, 12).ToArray());
        using var padded = new ImagePipeline(new ImagePreprocessing { PadToSquare = true, Mean = ImagePreprocessing.OpenAiClipMean }).Process(rgb);
        Assert.Equal(new long[] { 3, 4, 4 }, padded.shape);
        Assert.Equal([122f, 122f, 122f, 122f, 200f, 200f, 200f, 200f, 122f, 122f, 122f, 122f, 122f, 122f, 122f, 122f], padded[0].data<float>().ToArray());
        Assert.Equal(104f, padded[2, 0, 0].item<float>());

        var tall = new FloatImage(1, 3, 1, [10f, 20f, 30f]);
        using var grey = new ImagePipeline(new ImagePreprocessing { PadToSquare = true, Mean = ImagePreprocessing.OpenAiClipMean }).Process(tall);
        Assert.Equal([114f, 10f, 114f, 114f, 20f, 114f, 114f, 30f, 114f], grey[1].data<float>().ToArray());
    }

    [Fact]
    public void ClipResizesTheShortestSideThenCropsTheCentre()
    {
        // 20 x 40: the shortest side is already 20, so only the centre crop acts: columns 10..29.
        var image = new FloatImage(1, 20, 40, Enumerable.Range(0, 800).Select(i => (float)(i % 40)).ToArray());
        var preprocessing = new ImagePreprocessing { ShortestEdge = 20, CenterCrop = (20, 20) };
        using var pixels = new ImagePipeline(preprocessing).Process(image);
        Assert.Equal(new long[] { 3, 20, 20 }, pixels.shape);
        Assert.Equal(Enumerable.Range(10, 20).Select(v => (float)v), pixels[0, 7].data<float>().ToArray());
        Assert.Equal((336, 448), ImagePreprocessing.ShortestEdgeSize(480, 640, 336));
        Assert.Equal((373, 336), ImagePreprocessing.ShortestEdgeSize(500, 450, 336)); // 336 * 500 / 450 = 373.3, truncated
    }

    [Fact]
    public void HfConfigsAreReadIncludingTheLegacyIntegerSizes()
    {
        var blip = PreprocessorConfig.Load(TestData.Path("Images", "Preprocessors", "blip-vqa-base.json"));
        Assert.Equal((384, 384), blip.ResizeTo);
        Assert.Null(blip.CenterCrop);
        Assert.Equal(1.0 / 255, blip.RescaleFactor!.Value, 1e-12);
        Assert.Equal(ImagePreprocessing.OpenAiClipMean, blip.Mean);

        var clip = PreprocessorConfig.Load(TestData.Path("Images", "Preprocessors", "clip-vit-large-patch14-336.json"));
        Assert.Equal(336, clip.ShortestEdge);
        Assert.Null(clip.ResizeTo);
        Assert.Equal((336, 336), clip.CenterCrop);
        Assert.Equal((336, 336), clip.OutputSize(600, 800));

        var llava = PreprocessorConfig.Load(TestData.Path("Images", "Preprocessors", "llava-1.5-7b-hf.json"));
        Assert.Equal(336, llava.ShortestEdge);
        Assert.Equal((336, 336), llava.CenterCrop);
        Assert.Equal(0.5f, llava.Std![1]);
    }

    [Fact]
    public void ModelFolderWithoutConfigGetsTheFamilyDefault()
    {
        var fallback = ImagePreprocessing.Miss(480);
        Assert.Same(fallback, PreprocessorConfig.ForModel(TestData.Path("Images"), fallback));
    }

    [Fact]
    public void BadConfigNamesFileAndField()
    {
        var folder = Directory.CreateTempSubdirectory("medpeft-pre-").FullName;
        var path = Path.Combine(folder, "preprocessor_config.json");
        File.WriteAllText(path, """{"do_resize": true, "size": {"height": 384, "width": 384}, "image_mean": [0.5, 0.5]}""");
        var error = Assert.Throws<MedPeftException>(() => PreprocessorConfig.Load(path));
        Assert.Contains(path, error.Message);
        Assert.Contains("image_mean", error.Message);
        Directory.Delete(folder, recursive: true);
    }

    [Fact]
    public void AugmentationIsAPureFunctionOfSeedEpochAndRow()
    {
        var image = Ramp(3, 40, 50);
        var pipeline = new ImagePipeline(ImagePreprocessing.Blip(32), ImageAugmentation.Default, seed: 7);
        using var a = pipeline.Process(image, epoch: 3, rowIndex: 11);
        using var again = new ImagePipeline(ImagePreprocessing.Blip(32), ImageAugmentation.Default, seed: 7).Process(image, epoch: 3, rowIndex: 11);
        using var otherEpoch = pipeline.Process(image, epoch: 4, rowIndex: 11);
        using var otherRow = pipeline.Process(image, epoch: 3, rowIndex: 12);
        Assert.Equal(new long[] { 3, 32, 32 }, a.shape);
        Assert.True(Same(a, again));
        Assert.False(a.allclose(otherEpoch));
        Assert.False(a.allclose(otherRow));
    }

    [Fact]
    public void NoHorizontalFlipUnlessAskedFor()
    {
        // A square image with scale 1 leaves the crop the whole image; with no rotation the only
        // possible change is the flip.
        var image = Ramp(1, 16, 16);
        var preprocessing = new ImagePreprocessing { ResizeTo = (16, 16) };
        using var plain = new ImagePipeline(preprocessing).Process(image);
        using var mirrored = plain.flip(2);
        var noFlip = new ImagePipeline(preprocessing, new ImageAugmentation(1.0, 1.0, 0));
        var flip = new ImagePipeline(preprocessing, new ImageAugmentation(1.0, 1.0, 0, HorizontalFlip: true));
        int flipped = 0;
        for (int row = 0; row < 20; row++)
        {
            using var kept = noFlip.Process(image, 0, row);
            Assert.True(Same(kept, plain));
            using var maybe = flip.Process(image, 0, row);
            if (Same(maybe, mirrored)) flipped++;
            else Assert.True(Same(maybe, plain));
        }
        Assert.InRange(flipped, 1, 19);
    }

    [Fact]
    public void RotationIsCounterClockwiseAboutTheCentre()
    {
        // A bright pixel at the top middle of a 3x3 image goes to the left middle after +90 degrees.
        var x = torch.zeros(1, 1, 3, 3);
        x[0, 0, 0, 1] = torch.tensor(1f);
        using var rotated = ImagePipeline.Rotate(x, 90);
        var values = rotated.data<float>().ToArray();
        Assert.Equal(1f, values[1 * 3 + 0], 1e-5);
        Assert.Equal(1f, values.Sum(), 1e-5);
    }

    [Fact]
    public void CropDrawStaysInsideTheImageAndWithinTheScaleRange()
    {
        var augmentation = ImageAugmentation.Default;
        for (int row = 0; row < 200; row++)
        {
            var (top, left, h, w) = augmentation.DrawCrop(60, 80, new DeterministicRandom(42, 0, row));
            Assert.InRange(top, 0, 60 - h);
            Assert.InRange(left, 0, 80 - w);
            double area = (double)h * w / (60 * 80);
            Assert.InRange(area, 0.45, 1.0); // 0.5 minimum, less rounding of the sides
        }
    }

    static bool Same(Tensor a, Tensor b) => a.shape.SequenceEqual(b.shape) && a.eq(b).all().item<bool>();
}
