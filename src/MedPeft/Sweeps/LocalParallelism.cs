using System.Globalization;

namespace MedPeft.Sweeps;

/// <summary>
/// How many cells the local launcher trains at once: the number asked for, at most the machine's cores, and at most as
/// many cells as fit in the memory available now when each takes the plan's peak of the largest cell (at least one).
/// </summary>
internal static class LocalParallelism
{
    /// <summary>The cells trained at once, and when that is fewer than <paramref name="requested"/>, why
    /// (<c>2 cores</c>, <c>3.1 GiB available, a cell needs 2.4 GiB</c>).</summary>
    /// <param name="cellPeakBytes">The plan's peak memory of the largest cell.</param>
    public static (int Parallel, string? CappedBy) Of(int requested, int cores, long availableBytes, long cellPeakBytes)
    {
        int byCores = Math.Max(1, cores);
        long fit = cellPeakBytes > 0 ? availableBytes / cellPeakBytes : long.MaxValue;
        int byMemory = (int)Math.Clamp(fit, 1, int.MaxValue);
        int parallel = Math.Min(requested, Math.Min(byCores, byMemory));
        if (parallel == requested) return (parallel, null);
        return (parallel, byCores <= byMemory ? $"{byCores} cores" : $"{GiB(availableBytes)} available, a cell needs {GiB(cellPeakBytes)}");
    }

    static string GiB(long bytes) => (bytes / (double)(1L << 30)).ToString("0.0", CultureInfo.InvariantCulture) + " GiB";
}
