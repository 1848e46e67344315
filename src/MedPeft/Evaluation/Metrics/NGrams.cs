namespace MedPeft.Evaluation.Metrics;

/// <summary>Counts of the n-grams of a token sequence, kept in first-seen order (shorter n-grams first).</summary>
internal static class NGrams
{
    /// <summary>
    /// Every n-gram of length 1..<paramref name="maxOrder"/> with its count; the key is the words
    /// joined by single spaces (tokens never contain spaces), so the order of an n-gram is its
    /// number of spaces plus one.
    /// </summary>
    public static OrderedDictionary<string, int> Count(IReadOnlyList<string> tokens, int maxOrder)
    {
        // Insertion order matters: the CIDEr-D sums add their terms in the order the Python scorer does.
        var counts = new OrderedDictionary<string, int>(StringComparer.Ordinal);
        for (var n = 1; n <= maxOrder; n++)
            for (var i = 0; i + n <= tokens.Count; i++)
            {
                var gram = string.Join(' ', tokens.Skip(i).Take(n));
                counts[gram] = counts.TryGetValue(gram, out var seen) ? seen + 1 : 1;
            }
        return counts;
    }

    /// <summary>The order (number of words) of an n-gram key made by <see cref="Count"/>.</summary>
    public static int Order(string gram) => gram.Count(c => c == ' ') + 1;
}
