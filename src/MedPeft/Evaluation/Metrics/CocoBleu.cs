namespace MedPeft.Evaluation.Metrics;

/// <summary>
/// The n-gram statistics BLEU is computed from: candidate length, the reference length closest to
/// it (ties go to the shorter), and per order n the number of candidate n-grams (<see cref="Guess"/>)
/// and of clipped matches (<see cref="Correct"/>). Corpus BLEU sums these over items.
/// </summary>
internal sealed record BleuCounts(int TestLength, int ReferenceLength, int[] Guess, int[] Correct)
{
    /// <summary>The element-wise sum of counts (corpus BLEU scores the sum, not the mean of items).</summary>
    public static BleuCounts Sum(IEnumerable<BleuCounts> items)
    {
        int testLength = 0, referenceLength = 0;
        var guess = new int[CocoBleu.MaxOrder];
        var correct = new int[CocoBleu.MaxOrder];
        foreach (var item in items)
        {
            testLength += item.TestLength;
            referenceLength += item.ReferenceLength;
            for (var k = 0; k < CocoBleu.MaxOrder; k++)
            {
                guess[k] += item.Guess[k];
                correct[k] += item.Correct[k];
            }
        }
        return new BleuCounts(testLength, referenceLength, guess, correct);
    }
}

/// <summary>
/// BLEU-1..4 exactly as the COCO caption evaluation computes it (<c>pycocoevalcap</c>
/// <c>BleuScorer</c>, <c>option='closest'</c>): small constants keep a zero count from giving a
/// zero, so a per-item BLEU-4 without any 4-gram match is tiny but not 0, and the brevity penalty
/// applies even at equal lengths (≈ 1 − 1e-9/length).
/// </summary>
internal static class CocoBleu
{
    /// <summary>The highest n-gram order (BLEU-4).</summary>
    public const int MaxOrder = 4;

    const double Tiny = 1e-15;
    const double Small = 1e-9;

    /// <summary>The statistics of one candidate against its references, both tokenized (see <see cref="PunctuationTokenizer"/>).</summary>
    public static BleuCounts Count(string candidate, IReadOnlyList<string> references)
    {
        if (references.Count == 0) throw new ArgumentException("BLEU needs at least one reference.", nameof(references));
        var maxReferenceCounts = new Dictionary<string, int>(StringComparer.Ordinal);
        var referenceLengths = new List<int>();
        foreach (var reference in references)
        {
            var words = PunctuationTokenizer.SplitOnWhitespace(reference);
            referenceLengths.Add(words.Length);
            foreach (var (gram, count) in NGrams.Count(words, MaxOrder))
                maxReferenceCounts[gram] = Math.Max(maxReferenceCounts.GetValueOrDefault(gram), count);
        }

        var candidateWords = PunctuationTokenizer.SplitOnWhitespace(candidate);
        var testLength = candidateWords.Length;
        var guess = new int[MaxOrder];
        var correct = new int[MaxOrder];
        for (var k = 0; k < MaxOrder; k++) guess[k] = Math.Max(0, testLength - k);
        foreach (var (gram, count) in NGrams.Count(candidateWords, MaxOrder))
            correct[NGrams.Order(gram) - 1] += Math.Min(maxReferenceCounts.GetValueOrDefault(gram), count);

        var closest = referenceLengths.MinBy(length => (Math.Abs(length - testLength), length));
        return new BleuCounts(testLength, closest, guess, correct);
    }

    /// <summary>BLEU-1..4 (index 0..3) from statistics of one item or of a summed corpus.</summary>
    public static double[] Score(BleuCounts counts)
    {
        var scores = new double[MaxOrder];
        var product = 1.0;
        for (var k = 0; k < MaxOrder; k++)
        {
            product *= (counts.Correct[k] + Tiny) / (counts.Guess[k] + Small);
            scores[k] = Math.Pow(product, 1.0 / (k + 1));
        }
        var ratio = (counts.TestLength + Tiny) / (counts.ReferenceLength + Small);
        if (ratio < 1)
            for (var k = 0; k < MaxOrder; k++) scores[k] *= Math.Exp(1 - 1 / ratio);
        return scores;
    }
}
