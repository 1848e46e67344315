using static TorchSharp.torch;

namespace MedPeft.Data.Images;

/// <summary>
/// Pixel values of images already decoded and preprocessed without augmentation, by file, up to a
/// byte budget (then nothing more is added). Every epoch after the first, and every evaluation, reads
/// them from memory instead of decoding and resizing again.
/// </summary>
internal sealed class ProcessedImageCache(long budgetBytes = ProcessedImageCache.DefaultBudgetBytes)
{
    public const long DefaultBudgetBytes = 1L << 30;

    readonly Dictionary<string, Tensor> entries = new(StringComparer.Ordinal);
    long bytes;

    /// <summary>The cached pixels of <paramref name="path"/>, or those <paramref name="produce"/> makes (kept while the budget allows).</summary>
    public Tensor GetOrAdd(string path, Func<Tensor> produce)
    {
        if (entries.TryGetValue(path, out var cached)) return cached.alias();
        var pixels = produce();
        long size = pixels.NumberOfElements * pixels.ElementSize;
        if (bytes + size > budgetBytes) return pixels;
        entries[path] = pixels.detach().clone().DetachFromDisposeScope();
        bytes += size;
        return pixels;
    }
}
