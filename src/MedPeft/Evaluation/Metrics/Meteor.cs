using MedPeft.Evaluation.Metrics.WordNet;

namespace MedPeft.Evaluation.Metrics;

/// <summary>
/// How a candidate aligned with one reference: the word counts, the matches found by each stage,
/// the number of chunks (runs of matches adjacent in both texts; 0 without matches) and the score.
/// </summary>
internal sealed record MeteorAlignment(
    int HypothesisLength, int ReferenceLength, int ExactMatches, int StemMatches, int SynonymMatches, int Chunks, double Score);

/// <summary>METEOR of one candidate: the best score over its references, and the alignment with each.</summary>
internal sealed record MeteorScore(double Score, IReadOnlyList<MeteorAlignment> PerReference);

/// <summary>
/// METEOR as NLTK 3.8 computes it (<c>nltk.translate.meteor_score</c>, α = 0.9, β = 3, γ = 0.5).
/// This is not the METEOR 1.5 of the COCO caption evaluation (a Java program with other parameters
/// and a paraphrase table); the numbers are not comparable with papers that used that one.
/// <para>Per reference, three stages match the words still unmatched: exact, Porter stem
/// (<see cref="PorterStemmer"/>), WordNet synonym. Each stage is greedy: for each hypothesis word from
/// the last to the first, the last unmatched reference word that matches is taken. After the stem
/// stage the unmatched words stay stemmed, so synonyms are looked up for stems (NLTK does this).
/// Then P = m/|hyp|, R = m/|ref|, F = PR/(αP + (1−α)R), penalty = γ (chunks/m)^β, score = (1 − penalty) F
/// (0 when m = 0 or a text is empty).</para>
/// </summary>
internal sealed class Meteor
{
    const double Alpha = 0.9;
    const double Beta = 3.0;
    const double Gamma = 0.5;

    readonly WordNetDatabase? wordnet;

    /// <summary>Full METEOR: exact, stem and WordNet synonym stages.</summary>
    public Meteor(WordNetDatabase wordnet) => this.wordnet = wordnet;

    Meteor() => wordnet = null;

    /// <summary>METEOR with the exact-match stage only (needs neither a stemmer nor WordNet).</summary>
    public static Meteor ExactOnly { get; } = new();

    /// <summary>Scores a tokenized candidate against its tokenized references.</summary>
    public MeteorScore Score(string candidate, IReadOnlyList<string> references)
    {
        if (references.Count == 0) throw new ArgumentException("METEOR needs at least one reference.", nameof(references));
        var alignments = references.Select(reference => Align(Words(candidate), Words(reference))).ToArray();
        return new MeteorScore(alignments.Max(a => a.Score), alignments);
    }

    static List<(int Index, string Word)> Words(string tokenized) =>
        PunctuationTokenizer.SplitOnWhitespace(tokenized).Select((word, i) => (i, word.ToLowerInvariant())).ToList();

    MeteorAlignment Align(List<(int Index, string Word)> hypothesis, List<(int Index, string Word)> reference)
    {
        int hypothesisLength = hypothesis.Count, referenceLength = reference.Count;
        var exact = MatchGreedily(hypothesis, reference, word => other => other == word);
        List<(int Hypothesis, int Reference)> stem = [], synonym = [];
        if (wordnet is not null)
        {
            hypothesis = hypothesis.Select(w => (w.Index, PorterStemmer.Stem(w.Word))).ToList();
            reference = reference.Select(w => (w.Index, PorterStemmer.Stem(w.Word))).ToList();
            stem = MatchGreedily(hypothesis, reference, word => other => other == word);
            synonym = MatchGreedily(hypothesis, reference, word =>
            {
                var synonyms = Synonyms(word);
                return other => synonyms.Contains(other);
            });
        }

        var matches = exact.Concat(stem).Concat(synonym).OrderBy(pair => pair.Hypothesis).ToList();
        var chunks = CountChunks(matches);
        return new MeteorAlignment(hypothesisLength, referenceLength, exact.Count, stem.Count, synonym.Count, chunks,
            Formula(matches.Count, hypothesisLength, referenceLength, chunks));
    }

    /// <summary>
    /// For each hypothesis word from the last, pairs it with the last still-unmatched reference word
    /// accepted by <paramref name="matcherFor"/>(hypothesis word); matched words leave both lists.
    /// </summary>
    static List<(int Hypothesis, int Reference)> MatchGreedily(
        List<(int Index, string Word)> hypothesis, List<(int Index, string Word)> reference, Func<string, Func<string, bool>> matcherFor)
    {
        var matches = new List<(int, int)>();
        for (var i = hypothesis.Count - 1; i >= 0; i--)
        {
            var accepts = matcherFor(hypothesis[i].Word);
            for (var j = reference.Count - 1; j >= 0; j--)
            {
                if (!accepts(reference[j].Word)) continue;
                matches.Add((hypothesis[i].Index, reference[j].Index));
                hypothesis.RemoveAt(i);
                reference.RemoveAt(j);
                break;
            }
        }
        return matches;
    }

    /// <summary>The word itself and the one-word lemma names of its WordNet synsets.</summary>
    HashSet<string> Synonyms(string word)
    {
        var synonyms = new HashSet<string>(StringComparer.Ordinal) { word };
        foreach (var synset in wordnet!.Synsets(word))
            synonyms.UnionWith(synset.LemmaNames.Where(name => !name.Contains('_')));
        return synonyms;
    }

    static int CountChunks(List<(int Hypothesis, int Reference)> matches)
    {
        if (matches.Count == 0) return 0;
        var chunks = 1;
        for (var k = 1; k < matches.Count; k++)
            if (matches[k].Hypothesis != matches[k - 1].Hypothesis + 1 || matches[k].Reference != matches[k - 1].Reference + 1) chunks++;
        return chunks;
    }

    // The operations in NLTK's order, so results agree to the last bit.
    static double Formula(int matches, int hypothesisLength, int referenceLength, int chunks)
    {
        if (matches == 0 || hypothesisLength == 0 || referenceLength == 0) return 0.0;
        var precision = (double)matches / hypothesisLength;
        var recall = (double)matches / referenceLength;
        var fmean = precision * recall / (Alpha * precision + (1 - Alpha) * recall);
        var fragmentation = (double)chunks / matches;
        var penalty = Gamma * Math.Pow(fragmentation, Beta);
        return (1 - penalty) * fmean;
    }
}
