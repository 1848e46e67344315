using MedPeft.Evaluation.Metrics;

namespace MedPeft.Tests.Evaluation.Metrics;

/// <summary>BLEU, ROUGE-L and CIDEr-D on the fixture's tokenized pairs against pycocoevalcap's values.</summary>
public class CocoMetricsTests
{
    static readonly TextPair[] Pairs = MetricFixtures.ReportPairs
        .Select(p => new TextPair(p.Text("candidate_tokenized"), p.Texts("references_tokenized"))).ToArray();

    static readonly string[] Ids = MetricFixtures.ReportPairs.Select(p => p.Id()).ToArray();

    [Fact]
    public void BleuCountsAndScoresMatchPerItem()
    {
        for (var i = 0; i < Pairs.Length; i++)
        {
            var expected = MetricFixtures.ReportItem(Ids[i]);
            var expectedCounts = expected.GetProperty("bleu_counts");
            var counts = CocoBleu.Count(Pairs[i].Candidate, Pairs[i].References);
            Assert.Equal(expectedCounts.GetProperty("testlen").GetInt32(), counts.TestLength);
            Assert.Equal(expectedCounts.GetProperty("reflen_closest").GetInt32(), counts.ReferenceLength);
            Assert.Equal(expectedCounts.Integers("guess"), counts.Guess);
            Assert.Equal(expectedCounts.Integers("correct"), counts.Correct);

            var scores = CocoBleu.Score(counts);
            for (var k = 0; k < 4; k++) MetricFixtures.AssertClose(expected.Number($"bleu{k + 1}"), scores[k], $"{Ids[i]} bleu{k + 1}");
        }
    }

    [Fact]
    public void CorpusBleuScoresTheSummedCounts()
    {
        var totals = BleuCounts.Sum(Pairs.Select(p => CocoBleu.Count(p.Candidate, p.References)));
        var expected = MetricFixtures.Reports.GetProperty("corpus");
        var expectedTotals = expected.GetProperty("bleu_totals");
        Assert.Equal(expectedTotals.GetProperty("testlen").GetInt32(), totals.TestLength);
        Assert.Equal(expectedTotals.GetProperty("reflen").GetInt32(), totals.ReferenceLength);
        Assert.Equal(expectedTotals.Integers("guess"), totals.Guess);
        Assert.Equal(expectedTotals.Integers("correct"), totals.Correct);

        var scores = CocoBleu.Score(totals);
        for (var k = 0; k < 4; k++) MetricFixtures.AssertClose(expected.Number($"bleu{k + 1}"), scores[k], $"corpus bleu{k + 1}");
    }

    [Fact]
    public void ClosestReferenceLengthPrefersTheShorterOnATie()
    {
        // Candidate of 4 words; references of 3 and 5 words are equally close.
        var counts = CocoBleu.Count("a b c d", ["a b c", "v w x y z"]);
        Assert.Equal(3, counts.ReferenceLength);
        Assert.Equal(new[] { 4, 3, 2, 1 }, counts.Guess);
        Assert.Equal(new[] { 3, 2, 1, 0 }, counts.Correct);
    }

    [Fact]
    public void RougeLMatchesPerItemWithLcsLengthsAndCorpusMean()
    {
        var scores = new List<double>();
        for (var i = 0; i < Pairs.Length; i++)
        {
            var expected = MetricFixtures.ReportItem(Ids[i]);
            var score = RougeL.Score(Pairs[i].Candidate, Pairs[i].References);
            Assert.Equal(expected.Integers("rougeL_lcs"), score.LcsLengths);
            MetricFixtures.AssertClose(expected.Number("rougeL"), score.Score, $"{Ids[i]} rougeL");
            scores.Add(score.Score);
        }
        MetricFixtures.AssertClose(MetricFixtures.Reports.GetProperty("corpus").Number("rougeL"), Mean.Numpy(scores), "corpus rougeL");
    }

    [Fact]
    public void RougeLCountsAnEmptyTextAsOneEmptyToken()
    {
        // split(" ") semantics: "" is [""], so an empty candidate has length 1 and an empty reference matches it.
        Assert.Equal(0.0, RougeL.Score("", ["a b"]).Score);
        Assert.Equal([1], RougeL.Score("", [""]).LcsLengths);
        // Hand computation: LCS("a b c d", "a c") = 2, P = 2/4, R = 2/2, F = 2.44·0.5·1/(1 + 1.44·0.5).
        Assert.Equal(2.44 * 0.5 / (1 + 1.44 * 0.5), RougeL.Score("a b c d", ["a c"]).Score, 15);
    }

    [Fact]
    public void CiderDMatchesPerItemAndCorpusMean()
    {
        var scores = CiderD.Score(Pairs);
        for (var i = 0; i < Pairs.Length; i++)
            MetricFixtures.AssertClose(MetricFixtures.ReportItem(Ids[i]).Number("cider"), scores[i], $"{Ids[i]} cider");
        MetricFixtures.AssertClose(MetricFixtures.Reports.GetProperty("corpus").Number("cider"), Mean.Numpy(scores), "corpus cider");
    }

    [Fact]
    public void CiderDOfAnItemDependsOnTheWholeSet()
    {
        // Hand computation. Two-word texts have 1- and 2-grams only, so orders 3 and 4 add 0 and an
        // exact copy scores (1 + 1 + 0 + 0) / 4 · 10 = 5 when its n-grams are rare in the set ...
        Assert.All(CiderD.Score([new("a b", ["a b"]), new("c d", ["c d"])]), score => Assert.Equal(5.0, score, 12));
        // ... and 0 when every pair's references contain them (idf = log N - log N = 0).
        Assert.Equal([0.0, 0.0], CiderD.Score([new("a b", ["a b"]), new("a b", ["a b"])]));
    }
}
