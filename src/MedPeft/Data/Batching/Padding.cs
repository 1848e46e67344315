using static TorchSharp.torch;

namespace MedPeft.Data.Batching;

/// <summary>Pads token sequences to one length as int64 tensors [B, T].</summary>
static class Padding
{
    /// <summary>The padded ids and the attention mask (1 on tokens, 0 on padding).</summary>
    public static (Tensor Ids, Tensor Mask) Pad(IReadOnlyList<IReadOnlyList<long>> sequences, long padId, bool left)
    {
        int length = sequences.Max(s => s.Count);
        var ids = new long[sequences.Count * length];
        var mask = new long[sequences.Count * length];
        Array.Fill(ids, padId);
        for (int b = 0; b < sequences.Count; b++)
        {
            int offset = b * length + (left ? length - sequences[b].Count : 0);
            for (int t = 0; t < sequences[b].Count; t++)
            {
                ids[offset + t] = sequences[b][t];
                mask[offset + t] = 1;
            }
        }
        return (tensor(ids, [sequences.Count, length]), tensor(mask, [sequences.Count, length]));
    }

    /// <summary>The padded labels: -100 (ignored by the loss) on padding.</summary>
    public static Tensor Labels(IReadOnlyList<IReadOnlyList<long>> sequences, bool left)
    {
        var (labels, _) = Pad(sequences, IgnoreIndex, left);
        return labels;
    }

    /// <summary>The label cross-entropy ignores.</summary>
    public const long IgnoreIndex = -100;
}
