namespace MedPeft.Data.Images;

/// <summary>
/// A decoded 2-D image: <see cref="Channels"/> (1 or 3) planes of <see cref="Height"/> x
/// <see cref="Width"/> float samples, stored plane after plane, row-major (the CHW layout of a tensor).
/// Samples are on the 0–255 scale of an 8-bit image whatever the source (PNG, DICOM after windowing,
/// NIfTI after intensity scaling), so one preprocessing serves every format.
/// </summary>
internal sealed class FloatImage
{
    public int Channels { get; }
    public int Height { get; }
    public int Width { get; }
    /// <summary>The samples, <c>Channels * Height * Width</c> of them, channel-major.</summary>
    public float[] Pixels { get; }

    public FloatImage(int channels, int height, int width, float[] pixels)
    {
        if (channels is not (1 or 3)) throw new ArgumentException($"An image has 1 or 3 channels, not {channels}.", nameof(channels));
        if (height <= 0 || width <= 0) throw new ArgumentException($"Image size {width}x{height} is not positive.");
        if (pixels.Length != channels * height * width)
            throw new ArgumentException($"{pixels.Length} samples given for {channels}x{height}x{width}.", nameof(pixels));
        Channels = channels;
        Height = height;
        Width = width;
        Pixels = pixels;
    }

    /// <summary>The sample of channel <paramref name="channel"/> at row <paramref name="y"/>, column <paramref name="x"/>.</summary>
    public float this[int channel, int y, int x] => Pixels[(channel * Height + y) * Width + x];
}
