using System.Buffers.Binary;
using MedPeft.Data.Images;

namespace MedPeft.Tests.Data.Images;

/// <summary>
/// An image's claimed size is checked before anything of that size is allocated: a PNG or JPEG claims its size in a
/// few header bytes, and an image of an extreme aspect ratio would be resized to billions of pixels.
/// </summary>
public class ImageSizeLimitTests : IDisposable
{
    readonly TemporaryFolder folder = new();

    public void Dispose() => folder.Dispose();

    /// <summary>photo.jpg with the height and width of its frame header (SOF0, at byte 158) set to <paramref name="side"/>.</summary>
    string JpegClaiming(ushort side)
    {
        var bytes = File.ReadAllBytes(TestData.Path("Images", "Pictures", "photo.jpg"));
        Assert.Equal(new byte[] { 0xFF, 0xC0 }, bytes[158..160]);
        BinaryPrimitives.WriteUInt16BigEndian(bytes.AsSpan(163), side);
        BinaryPrimitives.WriteUInt16BigEndian(bytes.AsSpan(165), side);
        var path = folder.File("claims.jpg");
        File.WriteAllBytes(path, bytes);
        return path;
    }

    /// <summary>
    /// Before, this 811-byte file decoded to 16384 x 16384 pixels: 18.6 s and 4.2 GB at peak (a bitmap, then the
    /// floats). (A JPEG frame is at most 65500 a side; Skia refuses a larger one as not an image.)
    /// </summary>
    [Fact]
    public void AJpegClaimingMorePixelsThanTheLimitIsRefusedBeforeDecoding()
    {
        var path = JpegClaiming(16384);

        var error = Assert.Throws<MedPeftException>(() => ImageLoader.Load(path));

        Assert.Equal($"{path}: the JPEG image claims 16384 x 16384 pixels; at most 67,108,864 (8192 x 8192) are decoded.", error.Message);
    }

    /// <summary>Before, the 1 x 9000 image was resized to 336 x 3,024,000 floats (4 GB) in LibTorch.</summary>
    [Fact]
    public void AnImageTooNarrowForTheShortestEdgeResizeIsRefusedNamingItsFile()
    {
        var pipeline = new ImagePipeline(ImagePreprocessing.Clip(336, 336));
        var narrow = new FloatImage(1, 1, 9000, new float[9000]);

        var error = Assert.Throws<MedPeftException>(() => pipeline.ProcessFile("narrow.png", () => narrow));

        Assert.Equal("narrow.png: the image is 9000 x 1 pixels: with its shortest edge resized to 336, its long side would be 3024000, over 8192.", error.Message);
    }

    /// <summary>Before, this 811-byte file decoded to 8192 x 8192 pixels: 6 s and over 1 GB.</summary>
    [Fact]
    public void AJpegClaimingMorePixelsThanItsBytesCanHoldIsRefused()
    {
        var path = JpegClaiming(8192);

        var error = Assert.Throws<MedPeftException>(() => ImageLoader.Load(path));

        Assert.Equal($"{path}: the JPEG image claims 8192 x 8192 pixels, more than its 811 bytes can hold (at most 16,384 a byte).", error.Message);
    }
}
