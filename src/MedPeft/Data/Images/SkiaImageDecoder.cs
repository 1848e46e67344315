using SkiaSharp;

namespace MedPeft.Data.Images;

/// <summary>
/// Decodes PNG, JPEG (and the other formats Skia reads: BMP, GIF, WebP) into an image on the 0–255
/// scale: grayscale files give one channel, colour files three (alpha is dropped). A file whose data
/// stops early is an error, not a partly grey image.
/// </summary>
internal static class SkiaImageDecoder
{
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
        bool gray = codec.Info.ColorType == SKColorType.Gray8;
        var info = new SKImageInfo(width, height, gray ? SKColorType.Gray8 : SKColorType.Rgba8888, SKAlphaType.Unpremul);
        using var bitmap = new SKBitmap(info);
        var result = codec.GetPixels(info, bitmap.GetPixels());
        if (result != SKCodecResult.Success)
            throw new MedPeftException($"{path}: the {codec.EncodedFormat.ToString().ToUpperInvariant()} image cannot be decoded ({Describe(result)}).");
        return gray ? Gray(bitmap, width, height) : Rgb(bitmap, width, height);
    }

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
