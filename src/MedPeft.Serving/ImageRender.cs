using MedPeft.Data.BuiltIn;
using MedPeft.Data.Images;
using static TorchSharp.torch;

namespace MedPeft.Serving;

/// <summary>Pixel values back to an 8-bit RGB PNG: the image as the model sees it (windowed, sliced, resized, cropped).</summary>
internal static class ImageRender
{
    public static byte[] Png(Tensor pixels, ImagePreprocessing preprocessing)
    {
        using var scope = NewDisposeScope();
        var x = pixels.to(ScalarType.Float32);
        if (preprocessing.Mean is float[] mean && preprocessing.Std is float[] std)
            x = x * tensor(std).view(3, 1, 1) + tensor(mean).view(3, 1, 1);
        if (preprocessing.RescaleFactor is double factor) x = x / factor;
        var bytes = x.round().clamp(0, 255).to(ScalarType.Byte).contiguous().data<byte>().ToArray();
        return PngImages.EncodeRgb(bytes, (int)pixels.shape[2], (int)pixels.shape[1]);
    }
}
