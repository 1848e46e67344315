using System.Runtime.InteropServices;
using SkiaSharp;

namespace MedPeft.Data.BuiltIn;

/// <summary>Encodes 8-bit grayscale images as PNG (SkiaSharp).</summary>
internal static class GrayPng
{
    /// <summary>PNG bytes of a row-major <paramref name="width"/> x <paramref name="height"/> grayscale image.</summary>
    public static byte[] Encode(byte[] pixels, int width, int height)
    {
        if (pixels.Length != width * height)
            throw new ArgumentException($"expected {width * height} pixels, got {pixels.Length}", nameof(pixels));
        var info = new SKImageInfo(width, height, SKColorType.Gray8, SKAlphaType.Opaque);
        var handle = GCHandle.Alloc(pixels, GCHandleType.Pinned);
        try
        {
            using var pixmap = new SKPixmap(info, handle.AddrOfPinnedObject());
            using var data = pixmap.Encode(new SKPngEncoderOptions(SKPngEncoderFilterFlags.AllFilters, zLibLevel: 6));
            return data?.ToArray() ?? throw new InvalidOperationException("SkiaSharp could not encode a grayscale PNG");
        }
        finally
        {
            handle.Free();
        }
    }
}
