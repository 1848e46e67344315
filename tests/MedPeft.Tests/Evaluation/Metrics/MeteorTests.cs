using MedPeft.Evaluation.Metrics;
using MedPeft.Evaluation.Metrics.WordNet;

namespace MedPeft.Tests.Evaluation.Metrics;

/// <summary>METEOR on the fixture's tokenized pairs against NLTK 3.8 (with WordNet 3.0) and its exact-only variant.</summary>
public sealed class MeteorTests : IDisposable
{
    readonly WordNetDatabase wordnet = WordNetDatabase.OpenChosen(null);

    public void Dispose() => wordnet.Dispose();

    [Fact]
    public void FullMeteorMatchesPerItemWithAlignmentCountsAndCorpusMean()
    {
        var meteor = new Meteor(wordnet);
        var scores = new List<double>();
        foreach (var pair in MetricFixtures.ReportPairs)
        {
            var expected = MetricFixtures.ReportItem(pair.Id());
            var score = meteor.Score(pair.Text("candidate_tokenized"), pair.Texts("references_tokenized"));
            var expectedDetails = expected.GetProperty("meteor_detail_per_reference").EnumerateArray().ToArray();
            Assert.Equal(expectedDetails.Length, score.PerReference.Count);
            for (var r = 0; r < expectedDetails.Length; r++)
            {
                var (want, got) = (expectedDetails[r], score.PerReference[r]);
                var where = $"{pair.Id()} reference {r}";
                Assert.Equal((want.GetProperty("hyp_len").GetInt32(), want.GetProperty("ref_len").GetInt32()), (got.HypothesisLength, got.ReferenceLength));
                Assert.Equal(
                    (want.GetProperty("matches_exact").GetInt32(), want.GetProperty("matches_stem").GetInt32(), want.GetProperty("matches_wordnet").GetInt32(), want.GetProperty("chunks").GetInt32()),
                    (got.ExactMatches, got.StemMatches, got.SynonymMatches, got.Chunks));
                MetricFixtures.AssertClose(want.Number("score"), got.Score, where);
            }
            MetricFixtures.AssertClose(expected.Number("meteor"), score.Score, $"{pair.Id()} meteor");
            scores.Add(score.Score);
        }
        MetricFixtures.AssertClose(MetricFixtures.Reports.GetProperty("corpus").Number("meteor"), Mean.Sequential(scores), "corpus meteor");
    }

    [Fact]
    public void ExactOnlyMeteorMatchesPerItemAndCorpusMean()
    {
        var scores = new List<double>();
        foreach (var pair in MetricFixtures.ReportPairs)
        {
            var score = Meteor.ExactOnly.Score(pair.Text("candidate_tokenized"), pair.Texts("references_tokenized"));
            Assert.All(score.PerReference, a => Assert.Equal(0, a.StemMatches + a.SynonymMatches));
            MetricFixtures.AssertClose(MetricFixtures.ReportItem(pair.Id()).Number("meteor_exact_only"), score.Score, $"{pair.Id()} meteor_exact_only");
            scores.Add(score.Score);
        }
        MetricFixtures.AssertClose(MetricFixtures.Reports.GetProperty("corpus").Number("meteor_exact_only"), Mean.Sequential(scores), "corpus meteor_exact_only");
    }

    [Fact]
    public void SynonymsAreLookedUpForStemsNotWords()
    {
        // "magnified" is stemmed to "magnifi" before the WordNet stage, which has no synset for it,
        // so it never meets "enlarged"; "mild" -> "modest" is found. Hand-computed alignment.
        var meteor = new Meteor(wordnet);
        Assert.Equal(0, meteor.Score("heart magnified", ["heart enlarged"]).PerReference[0].SynonymMatches);
        var alignment = meteor.Score("mild edema", ["modest edema"]).PerReference[0];
        Assert.Equal((1, 0, 1, 1), (alignment.ExactMatches, alignment.StemMatches, alignment.SynonymMatches, alignment.Chunks));
        // m = 2 of 2 words, one chunk: F = 1, penalty = 0.5·(1/2)³.
        Assert.Equal((1 - 0.5 * 0.125) * 1.0, alignment.Score, 15);
    }
}
