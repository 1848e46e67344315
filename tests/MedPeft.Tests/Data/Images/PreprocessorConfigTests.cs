using MedPeft.Data.Images;

namespace MedPeft.Tests.Data.Images;

/// <summary>
/// A damaged <c>preprocessor_config.json</c> is refused naming the file, the field and what it must be. The sizes are
/// cases the fuzzer (PreprocessorConfigFuzzTests) found ending in FormatException or InvalidOperationException, and
/// a negative size in LibTorch's ExternalException when an image was resized.
/// </summary>
public class PreprocessorConfigTests : IDisposable
{
    readonly TemporaryFolder folder = new();

    public void Dispose() => folder.Dispose();

    [Theory]
    [InlineData("""{"size": {"height": 32, "width": 1E+300}}""", "size.width", "an integer from 1 to 8192")] // case 18786
    [InlineData("""{"size": {"height": 32, "width": 0.5}}""", "size.width", "an integer from 1 to 8192")] // case 18796
    [InlineData("""{"size": {"height": true, "width": 32}}""", "size.height", "an integer from 1 to 8192")] // case 18949
    [InlineData("""{"size": {"height": 32, "width": ""}}""", "size.width", "an integer from 1 to 8192")] // case 19045
    [InlineData("""{"size": {"shortest_edge": []}}""", "size.shortest_edge", "an integer from 1 to 8192")] // case 19055
    [InlineData("""{"size": -1}""", "size", "an integer from 1 to 8192")] // case 19062
    [InlineData("""{"size": 100000}""", "size", "an integer from 1 to 8192")]
    [InlineData("""{"size": 24, "do_center_crop": true, "crop_size": 1E+300}""", "crop_size", "an integer from 1 to 8192")] // case 18711
    [InlineData("""{"size": 24, "do_center_crop": true, "crop_size": {"height": [-1, 2], "width": 24}}""", "crop_size.height", "an integer from 1 to 8192")] // case 18915
    [InlineData("""{"size": 24, "do_center_crop": true, "crop_size": {"height": {"dtype": "F32"}, "width": 24}}""", "crop_size.height", "an integer from 1 to 8192")] // case 19028
    [InlineData("""{"size": 24, "image_std": [0.5, 0, 0.5]}""", "image_std", "3 positive numbers")]
    [InlineData("""{"size": 24, "rescale_factor": -1}""", "rescale_factor", "a positive number")]
    [InlineData("""{"size": 24, "image_processor_type": 3}""", "image_processor_type", "a string")]
    public void AFieldOfTheWrongTypeOrRangeIsNamed(string json, string field, string expected)
    {
        var path = folder.File(PreprocessorConfig.FileName);
        File.WriteAllText(path, json);

        var error = Assert.Throws<MedPeftException>(() => PreprocessorConfig.Load(path));

        Assert.Equal($"{path}: field '{field}' must be {expected}.", error.Message);
    }
}
