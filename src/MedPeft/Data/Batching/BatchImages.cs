using MedPeft.Data.Datasets;
using MedPeft.Data.Images;
using static TorchSharp.torch;

namespace MedPeft.Data.Batching;

/// <summary>Decodes the images of a batch, one at a time, into pixel values [B, 3, H, W].</summary>
static class BatchImages
{
    /// <summary>
    /// Each row's first image (a two-view report row uses its first view) through the pipeline; the
    /// row's index in its split keys the augmentation. A bad image is reported with the row's id.
    /// </summary>
    public static Tensor Load(IReadOnlyList<DatasetRow> split, IReadOnlyList<int> indices, ImagePipeline pipeline, MedicalImageOptions imageOptions, int epoch)
    {
        using var scope = NewDisposeScope();
        var pixels = new Tensor[indices.Count];
        for (int i = 0; i < indices.Count; i++)
        {
            var row = split[indices[i]];
            pixels[i] = pipeline.ProcessFile(row.ImagePaths[0], () =>
            {
                try { return ImageLoader.Load(row.ImagePaths[0], imageOptions); }
                catch (MedPeftException e) { throw new MedPeftException($"row {row.Id} ({row.Split.Name()}): {e.Message}", e); }
            }, epoch, indices[i]);
        }
        return stack(pixels).MoveToOuterDisposeScope();
    }
}
