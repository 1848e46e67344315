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

    [Fact]
    public void ADamagedGzipHeaderIsOneErrorNamingTheFile()
    {
        // Found by MedicalImageFuzzTests (case 18101): a gzip header whose flags and time were overwritten made
        // the decompressor throw InvalidDataException while the 348-byte NIfTI header was being read.
        using var folder = new TemporaryFolder();
        var path = folder.File("damaged.nii.gz");
        var bytes = File.ReadAllBytes(FilePath("standard.nii.gz"));
        bytes[11] = 0xFF;
        bytes[12] = 0xFF;
        File.WriteAllBytes(path, bytes);
        var error = Assert.Throws<MedPeftException>(() => NiftiDecoder.ReadSlice(path));
        Assert.Contains($"{path}: corrupt gzip data", error.Message);
    }

    [Fact]
    public void AVolumeLargerThanTheFileCanHoldIsRefusedBeforeItIsAllocated()
    {
        using var folder = new TemporaryFolder();
        var path = folder.File("huge.nii");
        var bytes = File.ReadAllBytes(FilePath("anatomical.nii"));
        // dim[1] and dim[2] (bytes 42 and 44) set to 1000 in the file's own byte order: a volume of megabytes in a file of kilobytes.
        var little = BitConverter.ToInt16(bytes, 40) is >= 1 and <= 7; // dim[0] reads sensibly in the file's order
        byte[] thousand = little ? [0xE8, 0x03] : [0x03, 0xE8];
        thousand.CopyTo(bytes, 42);
        thousand.CopyTo(bytes, 44);
        File.WriteAllBytes(path, bytes);
        var error = Assert.Throws<MedPeftException>(() => NiftiDecoder.ReadSlice(path));
        Assert.Contains(path, error.Message);
        Assert.Contains("than the file can hold", error.Message);
    }

    [Theory]
    [InlineData(1e30f)]
    [InlineData(3e9f)]
    public void AVoxelOffsetBeyondTheFileIsRefused(float offset)
    {
        // Found by MedicalImageFuzzTests in a 20,000-case run (case 28312): a damaged vox_offset ended in an
        // OverflowException when the bytes before the voxels were skipped.
        using var folder = new TemporaryFolder();
        var path = folder.File("offset.nii");
        var bytes = File.ReadAllBytes(FilePath("anatomical.nii"));
        var little = BitConverter.ToInt16(bytes, 40) is >= 1 and <= 7;
        var value = BitConverter.GetBytes(offset);
        if (!little) Array.Reverse(value);
        value.CopyTo(bytes, 108); // vox_offset
        File.WriteAllBytes(path, bytes);
        var error = Assert.Throws<MedPeftException>(() => NiftiDecoder.ReadSlice(path));
        Assert.Contains(path, error.Message);
    }
}
