using System.Text.Json;
using MedPeft.Data.Images;

namespace MedPeft.Tests.Data.Images;

/// <summary>PNG/JPEG decoding against Pillow's values, and the format dispatch of <see cref="ImageLoader"/>.</summary>
public class ImageLoaderTests
{
    static readonly JsonElement Reference = TestData.Json("Images", "Pictures", "reference.json");

    static string Picture(string file) => TestData.Path("Images", "Pictures", file);

    [Theory]
    [InlineData("gray.png", 0)]
    [InlineData("rgb.png", 0)]
    [InlineData("photo.jpg", 2)] // both decoders are libjpeg-based; allow rounding differences of the IDCT
    public void DecodedPixelsMatchPillow(string file, double tolerance)
    {
        var expected = Reference.GetProperty(file);
        var image = ImageLoader.Load(Picture(file));
        Assert.Equal(expected.GetProperty("channels").GetInt32(), image.Channels);
        Assert.Equal(expected.GetProperty("height").GetInt32(), image.Height);
        Assert.Equal(expected.GetProperty("width").GetInt32(), image.Width);
        foreach (var pixel in expected.GetProperty("pixels").EnumerateArray())
        {
            var p = pixel.EnumerateArray().Select(v => v.GetDouble()).ToArray();
            for (int c = 0; c < image.Channels; c++)
                Assert.Equal(p[2 + c], image[c, (int)p[0], (int)p[1]], tolerance);
        }
    }

    [Fact]
    public void TruncatedJpegIsAnErrorNamingTheFile()
    {
        var error = Assert.Throws<MedPeftException>(() => ImageLoader.Load(Picture("truncated.jpg")));
        Assert.Contains(Picture("truncated.jpg"), error.Message);
        Assert.Contains("truncated", error.Message);
    }

    [Fact]
    public void MissingAndUnknownFilesAreReported()
    {
        var missing = Picture("nope.png");
        Assert.Contains("not found", Assert.Throws<MedPeftException>(() => ImageLoader.Load(missing)).Message);
        var text = Picture("make_images.py");
        var error = Assert.Throws<MedPeftException>(() => ImageLoader.Load(text));
        Assert.Contains(text, error.Message);
        Assert.Contains("not a readable image", error.Message);
    }

    [Fact]
    public void DicomAndNiftiAreRecognised()
    {
        var dicom = ImageLoader.Load(TestData.Path("Images", "Dicom", "ct_bits12_implicit_raw.dcm"));
        Assert.Equal((1, 128, 128), (dicom.Channels, dicom.Height, dicom.Width));
        var copy = Path.Combine(Directory.CreateTempSubdirectory("medpeft-img-").FullName, "IM0001");
        File.Copy(TestData.Path("Images", "Dicom", "MR_small.dcm"), copy);
        Assert.Equal(64, ImageLoader.Load(copy).Width); // no extension: recognised by the DICM marker
        Directory.Delete(Path.GetDirectoryName(copy)!, recursive: true);
        var nifti = ImageLoader.Load(TestData.Path("Images", "Nifti", "anatomical.nii"), new MedicalImageOptions(Plane: SlicePlane.Sagittal));
        Assert.Equal((1, 25, 41), (nifti.Channels, nifti.Height, nifti.Width));
    }
}
