using System.Buffers.Binary;
using System.Text.Json;
using MedPeft.Data.Images.Dicom;

namespace MedPeft.Tests.Data.Images;

/// <summary>Decoded DICOM frames against the values pydicom/numpy computed (TestData/Images/Dicom/reference.json).</summary>
public class DicomDecoderTests
{
    static readonly JsonElement Reference = TestData.Json("Images", "Dicom", "reference.json");

    public static TheoryData<string> DecodedFiles()
    {
        var data = new TheoryData<string>();
        foreach (var entry in Reference.GetProperty("decoded").EnumerateArray()) data.Add(entry.GetProperty("file").GetString()!);
        return data;
    }

    static JsonElement Entry(string file) =>
        Reference.GetProperty("decoded").EnumerateArray().Single(e => e.GetProperty("file").GetString() == file);

    static string FilePath(string file) => TestData.Path("Images", "Dicom", file);

    [Theory]
    [MemberData(nameof(DecodedFiles))]
    public void StoredModalityAndDisplayValuesMatchPydicom(string file)
    {
        var expected = Entry(file);
        var frame = DicomDecoder.ReadFrame(FilePath(file));
        var a = frame.Attributes;

        Assert.Equal(expected.GetProperty("rows").GetInt32(), a.Rows);
        Assert.Equal(expected.GetProperty("columns").GetInt32(), a.Columns);
        Assert.Equal(expected.GetProperty("frames").GetInt32(), a.Frames);
        Assert.Equal(expected.GetProperty("frame").GetInt32(), frame.FrameIndex);
        Assert.Equal(expected.GetProperty("samples").GetInt32(), a.SamplesPerPixel);
        Assert.Equal(expected.GetProperty("photometric").GetString(), a.Photometric);

        AssertStats(expected.GetProperty("stored"), frame.Stored, a.SamplesPerPixel, a.Rows, a.Columns, 0);
        if (expected.TryGetProperty("modality", out var modality))
            AssertStats(modality, frame.ModalityValues(), 1, a.Rows, a.Columns, 1e-9);
        var image = frame.ToImage();
        Assert.Equal((a.SamplesPerPixel, a.Rows, a.Columns), (image.Channels, image.Height, image.Width));
        AssertStats(expected.GetProperty("display"), image.Pixels.Select(v => (double)v).ToArray(), image.Channels, a.Rows, a.Columns, 1e-3);
    }

    static void AssertStats(JsonElement expected, double[] values, int channels, int rows, int columns, double tolerance)
    {
        Assert.Equal(expected.GetProperty("min").GetDouble(), values.Min(), tolerance);
        Assert.Equal(expected.GetProperty("max").GetDouble(), values.Max(), tolerance);
        Assert.Equal(expected.GetProperty("mean").GetDouble(), values.Average(), Math.Max(tolerance, 1e-6));
        foreach (var pixel in expected.GetProperty("pixels").EnumerateArray())
        {
            var p = pixel.EnumerateArray().Select(v => v.GetDouble()).ToArray();
            int row = (int)p[0], column = (int)p[1];
            for (int c = 0; c < channels; c++)
                Assert.Equal(p[2 + c], values[(c * rows + row) * columns + column], tolerance);
        }
    }

    [Fact]
    public void ChosenFrameOfAMultiFrameFileIsRead()
    {
        var middle = DicomDecoder.ReadFrame(FilePath("rtdose.dcm"));
        var first = DicomDecoder.ReadFrame(FilePath("rtdose.dcm"), frame: 0);
        var last = DicomDecoder.ReadFrame(FilePath("rtdose.dcm"), frame: 14);
        Assert.Equal(7, middle.FrameIndex);
        Assert.Equal(0, first.FrameIndex);
        Assert.NotEqual(first.Stored, middle.Stored);
        Assert.NotEqual(last.Stored, middle.Stored);
        var error = Assert.Throws<MedPeftException>(() => DicomDecoder.ReadFrame(FilePath("rtdose.dcm"), frame: 15));
        Assert.Contains("rtdose.dcm", error.Message);
        Assert.Contains("15 frame(s)", error.Message);
    }

    [Fact]
    public void ByteOrderAndVrEncodingDoNotChangeTheValues()
    {
        var explicitLittle = DicomDecoder.ReadFrame(FilePath("MR_small.dcm")).Stored;
        Assert.Equal(explicitLittle, DicomDecoder.ReadFrame(FilePath("MR_small_implicit.dcm")).Stored);
        Assert.Equal(explicitLittle, DicomDecoder.ReadFrame(FilePath("MR_small_bigendian.dcm")).Stored);
    }

    [Theory]
    [InlineData("MR_small_RLE.dcm")]
    [InlineData("JPEG2000.dcm")]
    public void CompressedTransferSyntaxIsRefusedNamingFileAndSyntax(string file)
    {
        var expected = Reference.GetProperty("compressed").EnumerateArray().Single(e => e.GetProperty("file").GetString() == file);
        var error = Assert.Throws<MedPeftException>(() => DicomDecoder.Decode(FilePath(file)));
        Assert.Contains(FilePath(file), error.Message);
        Assert.Contains(expected.GetProperty("transfer_syntax").GetString()!, error.Message);
        Assert.Contains(expected.GetProperty("name").GetString()!, error.Message);
    }

    [Fact]
    public void TruncatedPixelDataIsReported()
    {
        var error = Assert.Throws<MedPeftException>(() => DicomDecoder.Decode(FilePath("MR_truncated.dcm")));
        Assert.Contains("MR_truncated.dcm", error.Message);
        Assert.Contains("truncated", error.Message);
    }

    /// <summary>
    /// CT_small.dcm claiming 30000 x 30000 samples and 1.8 GB of pixel data: before, that much was allocated and only
    /// then found missing from the 39 KB file.
    /// </summary>
    [Fact]
    public void PixelDataClaimingMoreThanTheFileHoldsIsRefusedBeforeItIsAllocated()
    {
        using var folder = new TemporaryFolder();
        var bytes = File.ReadAllBytes(FilePath("CT_small.dcm"));
        BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(3264 + 8), 30000); // Rows (0028,0010) US
        BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(3274 + 8), 30000); // Columns (0028,0011) US
        BinaryPrimitives.WriteUInt32LittleEndian(bytes.AsSpan(6288 + 8), 0x7000_0000); // Pixel Data (7FE0,0010) OW length
        var path = folder.File("claims.dcm");
        File.WriteAllBytes(path, bytes);
        long allocated = GC.GetAllocatedBytesForCurrentThread();

        var error = Assert.Throws<MedPeftException>(() => DicomDecoder.Decode(path));

        Assert.Equal($"{path}: the file ends inside the pixel data at byte 6300 (truncated, or not a DICOM file).", error.Message);
        Assert.True(GC.GetAllocatedBytesForCurrentThread() - allocated < 1 << 24, "the claimed pixel data was allocated");
    }

    [Fact]
    public void FileCutInsideTheHeaderIsReportedAsTruncated()
    {
        var path = Path.Combine(Directory.CreateTempSubdirectory("medpeft-dicom-").FullName, "cut.dcm");
        File.WriteAllBytes(path, File.ReadAllBytes(FilePath("MR_small.dcm"))[..400]);
        var error = Assert.Throws<MedPeftException>(() => DicomDecoder.Decode(path));
        Assert.Contains(path, error.Message);
        Assert.Contains("truncated", error.Message);
        Directory.Delete(Path.GetDirectoryName(path)!, recursive: true);
    }

    [Fact]
    public void NonDicomFileIsRefused()
    {
        var error = Assert.Throws<MedPeftException>(() => DicomDecoder.Decode(FilePath("reference.json")));
        Assert.Contains("not a DICOM file", error.Message);
    }
}
