using TorchSharp;
using static TorchSharp.torch;

namespace MedPeft.Data.Images;

/// <summary>
/// Pillow's bicubic resize of an 8-bit image, bit for bit (Pillow ≥ 8, <c>libImaging/Resample.c</c>:
/// <c>precompute_coeffs</c>, <c>normalize_coeffs_8bpc</c>, <c>ImagingResampleHorizontal_8bpc</c> /
/// <c>Vertical_8bpc</c>), which HF image processors call. Two separable passes, horizontal first, each
/// rounding to 8 bits: an output sample is a window of input samples weighted by the Keys cubic
/// (a = -0.5) stretched by the scale when shrinking (antialiasing), the weights normalised to sum 1,
/// turned into 22-bit fixed point (rounded half away from zero) and the sum rounded and clipped to 0–255.
/// <c>F.interpolate(antialias: true)</c> computes nearly the same in floating point without the
/// intermediate rounding, which leaves errors of a grey level (≈0.015 after CLIP normalisation).
/// </summary>
internal static class PilBicubicResize
{
    const int PrecisionBits = 32 - 8 - 2;
    const double Support = 2.0;

    /// <summary>
    /// Resizes [1, C, H, W] samples on the 0–255 scale to <paramref name="height"/> x <paramref name="width"/>;
    /// the samples are rounded to 8 bits first, as a Pillow image holds them.
    /// </summary>
    public static Tensor Resize(Tensor x, int height, int width)
    {
        int channels = (int)x.shape[1], inHeight = (int)x.shape[2], inWidth = (int)x.shape[3];
        if (inHeight == height && inWidth == width) return x;
        using var bytes = x.round().clamp(0, 255).to_type(ScalarType.Byte).cpu().contiguous();
        var input = bytes.data<byte>().ToArray();
        var output = new byte[channels * height * width];
        var horizontal = inWidth == width ? null : Coefficients(inWidth, width);
        var vertical = inHeight == height ? null : Coefficients(inHeight, height);
        for (int c = 0; c < channels; c++)
        {
            var plane = new ReadOnlySpan<byte>(input, c * inHeight * inWidth, inHeight * inWidth);
            var rows = horizontal is null ? plane.ToArray() : Pass(plane, inHeight, inWidth, horizontal, alongRows: true);
            var result = vertical is null ? rows : Pass(rows, inHeight, width, vertical, alongRows: false);
            result.CopyTo(output, c * height * width);
        }
        return torch.tensor(output, [1, channels, height, width]).to_type(ScalarType.Float32).to(x.device);
    }

    /// <summary>One output sample's window: its first input index and its fixed-point weights.</summary>
    sealed record Window(int First, int[] Weights);

    /// <summary>Pillow's <c>precompute_coeffs</c> for the box [0, inSize) and <c>normalize_coeffs_8bpc</c>.</summary>
    static Window[] Coefficients(int inSize, int outSize)
    {
        double scale = (double)inSize / outSize;
        double filterScale = Math.Max(scale, 1.0);
        double support = Support * filterScale, inverseScale = 1.0 / filterScale;
        var windows = new Window[outSize];
        for (int o = 0; o < outSize; o++)
        {
            double center = (o + 0.5) * scale;
            // Pillow rounds the bounds by adding 0.5 and truncating toward zero (C's (int) cast).
            int first = Math.Max(0, (int)(center - support + 0.5));
            int last = Math.Min(inSize, (int)(center + support + 0.5));
            var weights = new double[last - first];
            double total = 0; // summed in order, as Pillow does
            for (int i = 0; i < weights.Length; i++)
            {
                weights[i] = Cubic((i + first - center + 0.5) * inverseScale);
                total += weights[i];
            }
            var fixedPoint = weights.Select(w => total == 0 ? w : w / total)
                .Select(w => (int)(w < 0 ? -0.5 + w * (1 << PrecisionBits) : 0.5 + w * (1 << PrecisionBits))).ToArray();
            windows[o] = new Window(first, fixedPoint);
        }
        return windows;
    }

    /// <summary>Keys' cubic convolution kernel with a = -0.5 (Pillow's <c>bicubic_filter</c>).</summary>
    static double Cubic(double x)
    {
        const double a = -0.5;
        x = Math.Abs(x);
        if (x < 1.0) return ((a + 2.0) * x - (a + 3.0)) * x * x + 1;
        if (x < 2.0) return (((x - 5) * x + 8) * x - 4) * a;
        return 0.0;
    }

    /// <summary>Resamples a height x width plane along its rows (to windows.Length columns) or its columns (to windows.Length rows).</summary>
    static byte[] Pass(ReadOnlySpan<byte> plane, int height, int width, Window[] windows, bool alongRows)
    {
        int outHeight = alongRows ? height : windows.Length, outWidth = alongRows ? windows.Length : width;
        var result = new byte[outHeight * outWidth];
        for (int y = 0; y < outHeight; y++)
            for (int x = 0; x < outWidth; x++)
            {
                var window = windows[alongRows ? x : y];
                int sum = 1 << (PrecisionBits - 1);
                for (int k = 0; k < window.Weights.Length; k++)
                {
                    int source = alongRows ? y * width + window.First + k : (window.First + k) * width + x;
                    sum += plane[source] * window.Weights[k];
                }
                result[y * outWidth + x] = (byte)Math.Clamp(sum >> PrecisionBits, 0, 255);
            }
        return result;
    }
}
