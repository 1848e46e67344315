namespace MedPeft.Data.Images;

/// <summary>
/// How a model family turns an image into pixel values: resize (to an exact size, or so the shortest
/// side has a length), optional centre crop, rescale (multiply; 1/255 turns the 0–255 scale into 0–1)
/// and normalise ((x - mean) / std per channel). The fields mirror an HF <c>preprocessor_config.json</c>;
/// a model can also build one in code.
/// </summary>
internal sealed record ImagePreprocessing
{
    /// <summary>Exact output of the resize as (height, width); null when <see cref="ShortestEdge"/> is used or no resize is done.</summary>
    public (int Height, int Width)? ResizeTo { get; init; }
    /// <summary>Resize keeping the aspect ratio so the shorter side has this length.</summary>
    public int? ShortestEdge { get; init; }
    /// <summary>Centre crop after the resize, as (height, width).</summary>
    public (int Height, int Width)? CenterCrop { get; init; }
    /// <summary>Factor applied to the 0–255 values; null for none.</summary>
    public double? RescaleFactor { get; init; }
    /// <summary>Per-channel mean and standard deviation (3 values each); null for no normalisation.</summary>
    public float[]? Mean { get; init; }
    public float[]? Std { get; init; }
    /// <summary>
    /// Pad to a square of the mean colour before everything else (the original LLaVA code's
    /// <c>image_aspect_ratio: pad</c>, see <see cref="SquarePadding"/>).
    /// </summary>
    public bool PadToSquare { get; init; }

    public static readonly float[] OpenAiClipMean = [0.48145466f, 0.4578275f, 0.40821073f];
    public static readonly float[] OpenAiClipStd = [0.26862954f, 0.26130258f, 0.27577711f];
    public static readonly float[] ImageNetMean = [0.485f, 0.456f, 0.406f];
    public static readonly float[] ImageNetStd = [0.229f, 0.224f, 0.225f];

    /// <summary>BLIP: resize to the vision config's image size, /255, OpenAI-CLIP mean/std.</summary>
    public static ImagePreprocessing Blip(int imageSize) => Resized(imageSize, OpenAiClipMean, OpenAiClipStd);

    /// <summary>CLIP / LLaVA: shortest side to <paramref name="shortestEdge"/>, centre crop, /255, CLIP mean/std.</summary>
    public static ImagePreprocessing Clip(int shortestEdge, int crop) => new()
    {
        ShortestEdge = shortestEdge,
        CenterCrop = (crop, crop),
        RescaleFactor = 1.0 / 255,
        Mean = OpenAiClipMean,
        Std = OpenAiClipStd,
    };

    /// <summary>MISS: resize, /255, no mean/std (as the MISS code does).</summary>
    public static ImagePreprocessing Miss(int imageSize) => Resized(imageSize, null, null);

    /// <summary>Resize to a square, /255, then the given mean/std (e.g. <see cref="ImageNetMean"/> for ResNet-style encoders).</summary>
    public static ImagePreprocessing Resized(int imageSize, float[]? mean, float[]? std) => new()
    {
        ResizeTo = (imageSize, imageSize),
        RescaleFactor = 1.0 / 255,
        Mean = mean,
        Std = std,
    };

    /// <summary>Height and width of the pixel values for an input of the given size.</summary>
    public (int Height, int Width) OutputSize(int height, int width) =>
        CenterCrop ?? ResizeTo ?? (ShortestEdge is int edge ? ShortestEdgeSize(height, width, edge) : (height, width));

    /// <summary>
    /// HF's shortest-edge rule: the short side becomes <paramref name="edge"/>, the long side is scaled and truncated.
    /// An image so narrow that its long side would exceed <see cref="PreprocessorConfig.MaxSide"/> is refused: it would
    /// be resized to more pixels than memory holds.
    /// </summary>
    public static (int Height, int Width) ShortestEdgeSize(int height, int width, int edge)
    {
        long longSide = (long)edge * Math.Max(height, width) / Math.Min(height, width);
        if (longSide > PreprocessorConfig.MaxSide)
            throw new MedPeftException($"the image is {width} x {height} pixels: with its shortest edge resized to {edge}, its long side would be {longSide}, over {PreprocessorConfig.MaxSide}.");
        return height <= width ? (edge, (int)longSide) : ((int)longSide, edge);
    }
}
