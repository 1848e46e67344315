using TorchSharp;
using static TorchSharp.torch;

namespace MedPeft.Data.Images;

/// <summary>
/// The original LLaVA code's <c>image_aspect_ratio: pad</c> (<c>expand2square</c> in <c>mm_utils.py</c>):
/// the image pasted on a square canvas as wide as its longer side, at offset (longer - shorter) / 2
/// rounded down, the rest filled with the processor's mean colour on the 0–255 scale,
/// <c>int(m * 255)</c> per channel (a grey image: <c>int(255 * mean of the means)</c>).
/// </summary>
internal static class SquarePadding
{
    /// <summary>[1, C, H, W] samples on the 0–255 scale padded to [1, C, S, S], S = max(H, W).</summary>
    public static Tensor Apply(Tensor x, IReadOnlyList<float> mean)
    {
        int channels = (int)x.shape[1], height = (int)x.shape[2], width = (int)x.shape[3];
        if (height == width) return x;
        using var scope = NewDisposeScope();
        int size = Math.Max(height, width);
        var fill = Fill(mean, channels);
        var canvas = torch.tensor(fill, dtype: x.dtype, device: x.device).view(1, channels, 1, 1).expand(1, channels, size, size).clone();
        int top = (size - height) / 2, left = (size - width) / 2;
        canvas[.., .., top..(top + height), left..(left + width)] = x;
        return canvas.MoveToOuterDisposeScope();
    }

    /// <summary>The fill value of each channel: a colour for three channels, one grey level for one.</summary>
    public static float[] Fill(IReadOnlyList<float> mean, int channels) =>
        channels == 1 ? [(int)(255 * mean.Sum(m => (double)m) / mean.Count)] : mean.Select(m => (float)(int)((double)m * 255)).ToArray();
}
