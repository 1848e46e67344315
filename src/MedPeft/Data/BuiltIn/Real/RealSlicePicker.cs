namespace MedPeft.Data.BuiltIn.Real;

/// <summary>Chooses slices evenly over a volume, so every source and plane gives about as many images.</summary>
static class RealSlicePicker
{
    /// <summary><paramref name="count"/> items spread evenly from first to last (all of them when there are no more).</summary>
    public static IEnumerable<T> Evenly<T>(IReadOnlyList<T> items, int count)
    {
        if (items.Count <= count) return items;
        if (count == 1) return [items[items.Count / 2]];
        return Enumerable.Range(0, count).Select(k => items[(int)Math.Round(k * (items.Count - 1) / (double)(count - 1))]).Distinct();
    }
}
