using System.Text.Json;
using MedPeft.Data.Images;
using MedPeft.Data.Images.Nifti;

namespace MedPeft.Tests.Data.Images;

/// <summary>NIfTI slices against the values nibabel computed (TestData/Images/Nifti/reference.json).</summary>
public class NiftiDecoderTests
{
    static readonly JsonElement Reference = TestData.Json("Images", "Nifti", "reference.json");

    static string FilePath(string file) => TestData.Path("Images", "Nifti", file);

    public static TheoryData<string, string, int?> Slices()
    {
        var data = new TheoryData<string, string, int?>();
        foreach (var file in Reference.GetProperty("files").EnumerateArray())
            foreach (var slice in file.GetProperty("slices").EnumerateArray())
                data.Add(file.GetProperty("file").GetString()!, slice.GetProperty("plane").GetString()!,
                    slice.GetProperty("index").ValueKind == JsonValueKind.Null ? null : slice.GetProperty("index").GetInt32());
        return data;
    }

    [Theory]
    [MemberData(nameof(Slices))]
    public void SliceValuesMatchNibabel(string file, string plane, int? index)
    {
        var expected = Reference.GetProperty("files").EnumerateArray().Single(f => f.GetProperty("file").GetString() == file)
            .GetProperty("slices").EnumerateArray()
            .Single(s => s.GetProperty("plane").GetString() == plane && (s.GetProperty("index").ValueKind == JsonValueKind.Null ? null : (int?)s.GetProperty("index").GetInt32()) == index);
        var slice = NiftiDecoder.ReadSlice(FilePath(file), Enum.Parse<SlicePlane>(plane, ignoreCase: true), index);

        Assert.Equal(expected.GetProperty("resolved").GetInt32(), slice.Index);
        Assert.Equal(expected.GetProperty("rows").GetInt32(), slice.Rows);
        Assert.Equal(expected.GetProperty("columns").GetInt32(), slice.Columns);
        double min = expected.GetProperty("min").GetDouble(), max = expected.GetProperty("max").GetDouble();
        Assert.Equal(min, slice.Values.Min(), 1e-9);
        Assert.Equal(max, slice.Values.Max(), 1e-9);
        Assert.Equal(expected.GetProperty("mean").GetDouble(), slice.Values.Average(), 1e-9);
        var image = slice.ToImage();
        foreach (var pixel in expected.GetProperty("pixels").EnumerateArray())
        {
            var p = pixel.EnumerateArray().Select(v => v.GetDouble()).ToArray();
            int row = (int)p[0], column = (int)p[1];
            Assert.Equal(p[2], slice.Values[row * slice.Columns + column], 1e-9);
            // Display: the slice's min-max range stretched onto 0-255.
            Assert.Equal((p[2] - min) / (max - min) * 255, image[0, row, column], 1e-3);
        }
    }

    [Fact]
    public void SliceOutsideTheVolumeIsRefused()
    {
        var error = Assert.Throws<MedPeftException>(() => NiftiDecoder.ReadSlice(FilePath("standard.nii.gz"), SlicePlane.Axial, 7));
        Assert.Contains("standard.nii.gz", error.Message);
        Assert.Contains("0 to 6", error.Message);
    }

    [Fact]
    public void TruncatedVolumeIsReported()
    {
        var folder = Directory.CreateTempSubdirectory("medpeft-nifti-").FullName;
        var path = Path.Combine(folder, "cut.nii");
        File.WriteAllBytes(path, File.ReadAllBytes(FilePath("anatomical.nii"))[..5000]);
        var error = Assert.Throws<MedPeftException>(() => NiftiDecoder.ReadSlice(path));
        Assert.Contains(path, error.Message);
        Assert.Contains("truncated", error.Message);
        Directory.Delete(folder, recursive: true);
    }
}
