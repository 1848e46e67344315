using MedPeft.Evaluation.Metrics.WordNet;

namespace MedPeft.Evaluation.Metrics;

/// <summary>A generated report and its reference reports, as raw text.</summary>
internal sealed record ReportPair(string Id, string Candidate, IReadOnlyList<string> References);

/// <summary>The values of one report. <see cref="Meteor"/> is null when no WordNet was given.</summary>
internal sealed record ReportItemScores(
    string Id, TextPair Tokenized,
    IReadOnlyList<double> Bleu, BleuCounts BleuCounts, RougeLScore RougeL, double Cider,
    MeteorScore? Meteor, MeteorScore MeteorExactOnly);

/// <summary>
/// Corpus values of a set of reports: BLEU-1..4 (index 0..3) from summed counts, the others the
/// mean of the per-item values. <see cref="Meteor"/> is null when no WordNet was given.
/// </summary>
internal sealed record ReportScores(
    IReadOnlyList<double> Bleu, BleuCounts BleuTotals, double RougeL, double Cider, double? Meteor, double MeteorExactOnly,
    IReadOnlyList<ReportItemScores> Items);

/// <summary>
/// The report-generation metrics of the COCO caption evaluation (BLEU-1..4, ROUGE-L, CIDEr-D) and
/// NLTK's METEOR, on text tokenized by <see cref="PunctuationTokenizer"/>.
/// </summary>
internal static class ReportMetrics
{
    /// <summary>
    /// Scores a whole set (CIDEr-D needs all of it: its document frequencies come from every item's
    /// references). Without <paramref name="wordnet"/> METEOR is left out rather than computed
    /// differently; the exact-match METEOR is always given.
    /// </summary>
    public static ReportScores Score(IReadOnlyList<ReportPair> pairs, WordNetDatabase? wordnet)
    {
        if (pairs.Count == 0) throw new ArgumentException("There are no reports to score.", nameof(pairs));
        var tokenized = pairs.Select(p => new TextPair(
            PunctuationTokenizer.Tokenize(p.Candidate), p.References.Select(PunctuationTokenizer.Tokenize).ToArray())).ToArray();
        var cider = CiderD.Score(tokenized);
        var meteor = wordnet is null ? null : new Meteor(wordnet);

        var items = pairs.Select((pair, i) =>
        {
            var text = tokenized[i];
            var counts = CocoBleu.Count(text.Candidate, text.References);
            return new ReportItemScores(pair.Id, text, CocoBleu.Score(counts), counts, RougeL.Score(text.Candidate, text.References), cider[i],
                meteor?.Score(text.Candidate, text.References), Meteor.ExactOnly.Score(text.Candidate, text.References));
        }).ToArray();

        var totals = BleuCounts.Sum(items.Select(i => i.BleuCounts));
        return new ReportScores(
            CocoBleu.Score(totals), totals,
            Mean.Numpy(items.Select(i => i.RougeL.Score).ToArray()),
            Mean.Numpy(cider),
            meteor is null ? null : Mean.Sequential(items.Select(i => i.Meteor!.Score).ToArray()),
            Mean.Sequential(items.Select(i => i.MeteorExactOnly.Score).ToArray()),
            items);
    }
}
