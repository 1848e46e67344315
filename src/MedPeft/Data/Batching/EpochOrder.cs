namespace MedPeft.Data.Batching;

/// <summary>
/// The order rows are visited in an epoch: a permutation that is a pure function of (seed, epoch), so
/// a resumed run visits the same rows in the same batches without saving any generator state.
/// </summary>
internal static class EpochOrder
{
    public static int[] Permutation(int count, int seed, int epoch) => new DeterministicRandom(seed, epoch, 0x0D0E5).Permutation(count);

    /// <summary>The row indices of each batch of an epoch, shuffled or in file order.</summary>
    public static IEnumerable<int[]> Batches(int count, int batchSize, int seed, int epoch, bool shuffle = true, bool dropLast = false)
    {
        if (batchSize <= 0) throw new MedPeftException($"batch size must be positive, not {batchSize}.");
        var order = shuffle ? Permutation(count, seed, epoch) : Enumerable.Range(0, count).ToArray();
        for (int start = 0; start < count; start += batchSize)
        {
            int size = Math.Min(batchSize, count - start);
            if (size < batchSize && dropLast) yield break;
            yield return order[start..(start + size)];
        }
    }
}
