using TorchSharp;
using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

namespace MedPeft.Data.Images;

/// <summary>
/// Turns a decoded image into the pixel values a model takes: a float32 tensor [3, H, W] (grayscale
/// replicated to three channels) after the family's <see cref="ImagePreprocessing"/>. With an
/// <see cref="ImageAugmentation"/>, every random choice is drawn from (seed, epoch, row index) alone.
/// </summary>
internal sealed class ImagePipeline(ImagePreprocessing preprocessing, ImageAugmentation? augmentation = null, int seed = 42)
{
    public ImagePreprocessing Preprocessing { get; } = preprocessing;
    public ImageAugmentation? Augmentation { get; } = augmentation;

    // Without augmentation an image's pixels depend on its file alone.
    readonly ProcessedImageCache? cache = augmentation is null ? new ProcessedImageCache() : null;

    /// <summary>
    /// The pixel values of the image in <paramref name="path"/>, decoded by <paramref name="decode"/>;
    /// without augmentation they are computed once per file and then reused.
    /// </summary>
    public Tensor ProcessFile(string path, Func<FloatImage> decode, int epoch = 0, long rowIndex = 0) =>
        cache is null ? Processed(path, decode(), epoch, rowIndex) : cache.GetOrAdd(path, () => Processed(path, decode(), epoch, rowIndex));

    // A decoded image this preprocessing cannot take (see ImagePreprocessing.ShortestEdgeSize) is named with its file.
    Tensor Processed(string path, FloatImage image, int epoch, long rowIndex)
    {
        try
        {
            return Process(image, epoch, rowIndex);
        }
        catch (MedPeftException e)
        {
            throw new MedPeftException($"{path}: {e.Message}", e);
        }
    }

    /// <summary>The pixel values of one image; <paramref name="epoch"/> and <paramref name="rowIndex"/> only matter with augmentation.</summary>
    public Tensor Process(FloatImage image, int epoch = 0, long rowIndex = 0)
    {
        using var scope = NewDisposeScope();
        var x = tensor(image.Pixels, [1, image.Channels, image.Height, image.Width]);
        if (Preprocessing.PadToSquare) x = SquarePadding.Apply(x, Preprocessing.Mean ?? ImagePreprocessing.OpenAiClipMean);
        x = Augmentation is null ? Resize(x) : Augment(x, Augmentation, new DeterministicRandom(seed, epoch, rowIndex));
        // Grayscale is replicated only now: resizing one channel is a third of the work.
        if (image.Channels == 1) x = x.expand(1, 3, x.shape[2], x.shape[3]);
        x = x.clamp(0, 255);
        if (Preprocessing.RescaleFactor is double factor) x = x * factor;
        if (Preprocessing.Mean is float[] mean && Preprocessing.Std is float[] std)
            x = (x - tensor(mean).view(1, 3, 1, 1)) / tensor(std).view(1, 3, 1, 1);
        return x.squeeze(0).contiguous().MoveToOuterDisposeScope();
    }

    Tensor Resize(Tensor x)
    {
        int height = (int)x.shape[2], width = (int)x.shape[3];
        if (Preprocessing.ResizeTo is var (h, w)) x = Interpolate(x, h, w);
        else if (Preprocessing.ShortestEdge is int edge)
        {
            var (sh, sw) = ImagePreprocessing.ShortestEdgeSize(height, width, edge);
            x = Interpolate(x, sh, sw);
        }
        return Preprocessing.CenterCrop is var (ch, cw) ? CenterCrop(x, ch, cw) : x;
    }

    Tensor Augment(Tensor x, ImageAugmentation augmentation, DeterministicRandom random)
    {
        int height = (int)x.shape[2], width = (int)x.shape[3];
        var (outHeight, outWidth) = Preprocessing.OutputSize(height, width);
        var (top, left, h, w) = augmentation.DrawCrop(height, width, random);
        x = Interpolate(x[.., .., top..(top + h), left..(left + w)], outHeight, outWidth);
        double angle = random.Uniform(-augmentation.MaxRotationDegrees, augmentation.MaxRotationDegrees);
        if (angle != 0) x = Rotate(x, angle);
        if (augmentation.HorizontalFlip && random.NextDouble() < 0.5) x = x.flip(3);
        return x;
    }

    /// <summary>Pillow's bicubic resize, which HF processors use, computed exactly (8-bit samples).</summary>
    static Tensor Interpolate(Tensor x, int height, int width) => PilBicubicResize.Resize(x, height, width);

    /// <summary>HF's centre crop: offsets (size - crop) / 2 rounded down, zero padding where the image is smaller.</summary>
    internal static Tensor CenterCrop(Tensor x, int height, int width)
    {
        int h = (int)x.shape[2], w = (int)x.shape[3];
        if (h < height || w < width)
        {
            int padH = Math.Max(0, height - h), padW = Math.Max(0, width - w);
            x = F.pad(x, [padW / 2, padW - padW / 2, padH / 2, padH - padH / 2]);
            h = (int)x.shape[2];
            w = (int)x.shape[3];
        }
        int top = (h - height) / 2, left = (w - width) / 2;
        return x[.., .., top..(top + height), left..(left + width)];
    }

    /// <summary>Rotates counter-clockwise by <paramref name="degrees"/> about the centre; corners filled with black.</summary>
    internal static Tensor Rotate(Tensor x, double degrees)
    {
        double radians = degrees * Math.PI / 180, cos = Math.Cos(radians), sin = Math.Sin(radians);
        double height = x.shape[2], width = x.shape[3];
        // affine_grid works in coordinates normalised to [-1, 1] per axis: scale the off-diagonal
        // terms by the aspect ratio so a non-square image is rotated, not sheared.
        var theta = tensor(new float[] { (float)cos, (float)(-sin * height / width), 0, (float)(sin * width / height), (float)cos, 0 }, [1, 2, 3]);
        var grid = F.affine_grid(theta, [.. x.shape], align_corners: false);
        return F.grid_sample(x, grid, GridSampleMode.Bilinear, GridSamplePaddingMode.Zeros, align_corners: false);
    }
}
