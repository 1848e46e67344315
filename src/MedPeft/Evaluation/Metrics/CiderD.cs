namespace MedPeft.Evaluation.Metrics;

/// <summary>One candidate with its references, both tokenized (see <see cref="PunctuationTokenizer"/>).</summary>
internal sealed record TextPair(string Candidate, IReadOnlyList<string> References);

/// <summary>
/// CIDEr-D as the COCO caption evaluation computes it (<c>pycocoevalcap</c> <c>Cider</c>, n = 4,
/// σ = 6): TF-IDF vectors of 1..4-grams, clipped cosine similarity per order, a Gaussian penalty on
/// the length difference, averaged over orders and references, times 10. The document frequencies
/// and log N come from the whole set, so an item's score depends on every other item.
/// </summary>
internal static class CiderD
{
    const int MaxOrder = 4;
    const double Sigma = 6.0;

    /// <summary>The score of every pair of the set, in order.</summary>
    public static double[] Score(IReadOnlyList<TextPair> pairs)
    {
        var referenceCounts = pairs.Select(p => p.References.Select(Counts).ToArray()).ToArray();
        var documentFrequency = DocumentFrequency(referenceCounts);
        var logN = Math.Log(pairs.Count);

        var scores = new double[pairs.Count];
        for (var i = 0; i < pairs.Count; i++)
        {
            if (pairs[i].References.Count == 0) throw new ArgumentException($"CIDEr-D needs at least one reference (pair {i}).", nameof(pairs));
            var candidate = Vector.From(Counts(pairs[i].Candidate), documentFrequency, logN);
            var perOrder = new double[MaxOrder];
            foreach (var reference in referenceCounts[i])
            {
                var similarity = Similarity(candidate, Vector.From(reference, documentFrequency, logN));
                for (var n = 0; n < MaxOrder; n++) perOrder[n] += similarity[n];
            }
            var mean = 0.0;
            foreach (var value in perOrder) mean += value;
            mean /= MaxOrder;
            mean /= referenceCounts[i].Length;
            scores[i] = mean * 10.0;
        }
        return scores;
    }

    static OrderedDictionary<string, int> Counts(string tokenized) =>
        NGrams.Count(PunctuationTokenizer.SplitOnWhitespace(tokenized), MaxOrder);

    // df(g) = the number of pairs whose references (together) contain g.
    static Dictionary<string, int> DocumentFrequency(OrderedDictionary<string, int>[][] referenceCounts)
    {
        var frequency = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var references in referenceCounts)
            foreach (var gram in references.SelectMany(r => r.Keys).Distinct())
                frequency[gram] = frequency.GetValueOrDefault(gram) + 1;
        return frequency;
    }

    static double[] Similarity(Vector candidate, Vector reference)
    {
        var delta = (double)(candidate.Length - reference.Length);
        var values = new double[MaxOrder];
        for (var n = 0; n < MaxOrder; n++)
        {
            foreach (var (gram, weight) in candidate.Weights[n])
            {
                var referenceWeight = reference.Weights[n].GetValueOrDefault(gram);
                values[n] += Math.Min(weight, referenceWeight) * referenceWeight;
            }
            if (candidate.Norms[n] != 0 && reference.Norms[n] != 0) values[n] /= candidate.Norms[n] * reference.Norms[n];
            // Math.Pow(e, x) rather than Math.Exp(x): the reference computes np.e ** x.
            values[n] *= Math.Pow(Math.E, -(delta * delta) / (2 * Sigma * Sigma));
        }
        return values;
    }

    /// <summary>TF-IDF weights per order, their Euclidean norms, and the "length" the reference uses.</summary>
    sealed record Vector(OrderedDictionary<string, double>[] Weights, double[] Norms, int Length)
    {
        public static Vector From(OrderedDictionary<string, int> counts, Dictionary<string, int> documentFrequency, double logN)
        {
            var weights = Enumerable.Range(0, MaxOrder).Select(_ => new OrderedDictionary<string, double>(StringComparer.Ordinal)).ToArray();
            var squares = new double[MaxOrder];
            var length = 0;
            foreach (var (gram, termFrequency) in counts)
            {
                var n = NGrams.Order(gram) - 1;
                var weight = termFrequency * (logN - Math.Log(Math.Max(1.0, documentFrequency.GetValueOrDefault(gram))));
                weights[n][gram] = weight;
                squares[n] += Math.Pow(weight, 2);
                // The reference counts bigrams here (its `if n == 1` on a 0-based order), so the
                // "length" in the Gaussian penalty is the number of bigrams, not of words.
                if (n == 1) length += termFrequency;
            }
            return new Vector(weights, squares.Select(Math.Sqrt).ToArray(), length);
        }
    }
}
