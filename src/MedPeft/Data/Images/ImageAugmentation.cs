namespace MedPeft.Data.Images;

/// <summary>
/// Train-time augmentation: a random resized crop (area fraction in [<see cref="MinScale"/>,
/// <see cref="MaxScale"/>], aspect ratio in [3/4, 4/3]) and a small rotation. No horizontal flip unless
/// asked for: left and right carry meaning in medical images (which lung, which kidney).
/// </summary>
internal sealed record ImageAugmentation(double MinScale = 0.5, double MaxScale = 1.0, double MaxRotationDegrees = 10, bool HorizontalFlip = false)
{
    public static readonly ImageAugmentation Default = new();

    public const double MinRatio = 3.0 / 4, MaxRatio = 4.0 / 3;

    /// <summary>
    /// The crop box (top, left, height, width) as torchvision's RandomResizedCrop draws it: up to 10
    /// tries of an area and a log-uniform aspect ratio that fit; else the largest centred box within the ratio range.
    /// </summary>
    public (int Top, int Left, int Height, int Width) DrawCrop(int height, int width, DeterministicRandom random)
    {
        double area = (double)height * width;
        for (int attempt = 0; attempt < 10; attempt++)
        {
            double target = area * random.Uniform(MinScale, MaxScale);
            double ratio = Math.Exp(random.Uniform(Math.Log(MinRatio), Math.Log(MaxRatio)));
            int w = (int)Math.Round(Math.Sqrt(target * ratio)), h = (int)Math.Round(Math.Sqrt(target / ratio));
            if (w > 0 && h > 0 && w <= width && h <= height)
                return (random.NextInt(height - h + 1), random.NextInt(width - w + 1), h, w);
        }
        double inRatio = (double)width / height;
        var (ch, cw) = inRatio < MinRatio ? ((int)Math.Round(width / MinRatio), width)
            : inRatio > MaxRatio ? (height, (int)Math.Round(height * MaxRatio))
            : (height, width);
        return ((height - ch) / 2, (width - cw) / 2, ch, cw);
    }
}
