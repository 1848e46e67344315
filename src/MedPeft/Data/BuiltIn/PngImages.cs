using System.Runtime.InteropServices;
using SkiaSharp;

namespace MedPeft.Data.BuiltIn;

/// <summary>Encodes 8-bit grayscale and RGB images as PNG (SkiaSharp).</summary>
internal static class PngImages
{
    /// <summary>PNG bytes of a row-major <paramref name="width"/> x <paramref name="height"/> grayscale image.</summary>
    public static byte[] Encode(byte[] pixels, int width, int height)
    {
        if (pixels.Length != width * height)
            throw new ArgumentException($"expected {width * height} pixels, got {pixels.Length}", nameof(pixels));
        return Encode(pixels, new SKImageInfo(width, height, SKColorType.Gray8, SKAlphaType.Opaque));
    }

    /// <summary>PNG bytes of a colour image given channel after channel (red, green, blue planes, each row-major).</summary>
    public static byte[] EncodeRgb(byte[] planes, int width, int height)
    {
        var count = width * height;
        if (planes.Length != 3 * count)
            throw new ArgumentException($"expected {3 * count} samples, got {planes.Length}", nameof(planes));
        var rgba = new byte[4 * count];
        for (var i = 0; i < count; i++)
        {
            rgba[4 * i] = planes[i];
            rgba[4 * i + 1] = planes[count + i];
            rgba[4 * i + 2] = planes[2 * count + i];
            rgba[4 * i + 3] = 255;
        }
        return Encode(rgba, new SKImageInfo(width, height, SKColorType.Rgba8888, SKAlphaType.Opaque));
    }

    static byte[] Encode(byte[] pixels, SKImageInfo info)
    {
        var handle = GCHandle.Alloc(pixels, GCHandleType.Pinned);
        try
        {
            using var pixmap = new SKPixmap(info, handle.AddrOfPinnedObject());
            using var data = pixmap.Encode(new SKPngEncoderOptions(SKPngEncoderFilterFlags.AllFilters, zLibLevel: 6));
            return data?.ToArray() ?? throw new InvalidOperationException($"SkiaSharp could not encode a {info.ColorType} PNG");
        }
        finally
        {
            handle.Free();
        }
    }
}
