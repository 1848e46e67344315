using SkiaSharp;

namespace MedPeft.Data.Images;

/// <summary>
/// Decodes PNG, JPEG (and the other formats Skia reads: BMP, GIF, WebP) into an image on the 0–255
/// scale: grayscale files give one channel, colour files three (alpha is dropped). A file whose data
/// stops early is an error, not a partly grey image.
/// </summary>
internal static class SkiaImageDecoder
{
    /// <summary>
    /// The most pixels an image may claim (64 Mpx, 8192 x 8192): far above a model's input and the largest
    /// radiographs (about 4300 x 3500). A compressed file states its size in a few bytes, so a damaged or hostile
    /// one could claim billions of pixels; the claim is checked before anything of that size is allocated.
    /// </summary>
    public const long MaxPixels = 1L << 26;

    /// <summary>
    /// More pixels than any format Skia reads packs in a byte: deflate (PNG) expands a byte at most 1032-fold, 8256
    /// pixels with 1-bit samples; a JPEG codes each 8 x 8 block in at least a bit (512 a byte); GIF's LZW and WebP stay
    /// below too. A file claiming more than this for its length is damaged or hostile.
    /// </summary>
    public const long MaxPixelsPerByte = 1 << 14;

    /// <summary>Decodes a file, or returns null when Skia does not recognise its format.</summary>
    public static FloatImage? TryDecode(string path)
    {
        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
        using var codec = SKCodec.Create(stream, out var created);
        if (codec is null)
        {
            return created is SKCodecResult.Unimplemented or SKCodecResult.InvalidInput or SKCodecResult.CouldNotRewind
                ? null
                : throw new MedPeftException($"{path}: the image cannot be read ({Describe(created)}).");
        }
        int width = codec.Info.Width, height = codec.Info.Height;
        CheckClaim(path, codec, stream.Length);
        bool gray = codec.Info.ColorType == SKColorType.Gray8;
        var info = new SKImageInfo(width, height, gray ? SKColorType.Gray8 : SKColorType.Rgba8888, SKAlphaType.Unpremul);
        using var bitmap = new SKBitmap(info);
        var result = codec.GetPixels(info, bitmap.GetPixels());
        if (result != SKCodecResult.Success)
            throw new MedPeftException($"{path}: the {Format(codec)} image cannot be decoded ({Describe(result)}).");
        return gray ? Gray(bitmap, width, height) : Rgb(bitmap, width, height);
    }

    /// <summary>The size the header claims, checked against a sane limit and the file's length before anything of that size is allocated.</summary>
    static void CheckClaim(string path, SKCodec codec, long fileBytes)
    {
        int width = codec.Info.Width, height = codec.Info.Height;
        long pixels = (long)width * height;
        if (width <= 0 || height <= 0 || pixels > MaxPixels)
            throw new MedPeftException($"{path}: the {Format(codec)} image claims {width} x {height} pixels; at most {MaxPixels:N0} (8192 x 8192) are decoded.");
        if (pixels > fileBytes * MaxPixelsPerByte)
            throw new MedPeftException($"{path}: the {Format(codec)} image claims {width} x {height} pixels, more than its {fileBytes:N0} bytes can hold (at most {MaxPixelsPerByte:N0} a byte).");
    }

    static string Format(SKCodec codec) => codec.EncodedFormat.ToString().ToUpperInvariant();

    static string Describe(SKCodecResult result) => result switch
    {
        SKCodecResult.IncompleteInput => "the file ends before the image data does: truncated",
        SKCodecResult.ErrorInInput => "corrupt image data",
        SKCodecResult.InvalidInput => "not an image file",
        _ => result.ToString(),
    };

    static FloatImage Gray(SKBitmap bitmap, int width, int height)
    {
        var bytes = bitmap.GetPixelSpan();
        var pixels = new float[width * height];
        for (int y = 0; y < height; y++)
            for (int x = 0; x < width; x++) pixels[y * width + x] = bytes[y * bitmap.RowBytes + x];
        return new FloatImage(1, height, width, pixels);
    }

    static FloatImage Rgb(SKBitmap bitmap, int width, int height)
    {
        var bytes = bitmap.GetPixelSpan();
        int plane = width * height;
        var pixels = new float[3 * plane];
        for (int y = 0; y < height; y++)
        {
            for (int x = 0; x < width; x++)
            {
                int at = y * bitmap.RowBytes + 4 * x, to = y * width + x;
                pixels[to] = bytes[at];
                pixels[plane + to] = bytes[at + 1];
                pixels[2 * plane + to] = bytes[at + 2];
            }
        }
        return new FloatImage(3, height, width, pixels);
    }
}
