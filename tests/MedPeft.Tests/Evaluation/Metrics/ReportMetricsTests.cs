using MedPeft.Evaluation.Metrics;
using MedPeft.Evaluation.Metrics.WordNet;

namespace MedPeft.Tests.Evaluation.Metrics;

/// <summary>The whole pipeline from raw report text to corpus values.</summary>
public sealed class ReportMetricsTests : IDisposable
{
    static readonly ReportPair[] Pairs = MetricFixtures.ReportPairs
        .Select(p => new ReportPair(p.Id(), p.Text("candidate"), p.Texts("references"))).ToArray();

    readonly WordNetDatabase wordnet = WordNetDatabase.OpenChosen(null);

    public void Dispose() => wordnet.Dispose();

    [Fact]
    public void RawTextGivesTheFixturesCorpusAndItemValues()
    {
        var scores = ReportMetrics.Score(Pairs, wordnet);
        var corpus = MetricFixtures.Reports.GetProperty("corpus");
        for (var k = 0; k < 4; k++) MetricFixtures.AssertClose(corpus.Number($"bleu{k + 1}"), scores.Bleu[k], $"bleu{k + 1}");
        MetricFixtures.AssertClose(corpus.Number("rougeL"), scores.RougeL, "rougeL");
        MetricFixtures.AssertClose(corpus.Number("cider"), scores.Cider, "cider");
        MetricFixtures.AssertClose(corpus.Number("meteor"), scores.Meteor!.Value, "meteor");
        MetricFixtures.AssertClose(corpus.Number("meteor_exact_only"), scores.MeteorExactOnly, "meteor_exact_only");

        foreach (var item in scores.Items)
        {
            var expected = MetricFixtures.ReportItem(item.Id);
            MetricFixtures.AssertClose(expected.Number("bleu4"), item.Bleu[3], $"{item.Id} bleu4");
            MetricFixtures.AssertClose(expected.Number("rougeL"), item.RougeL.Score, $"{item.Id} rougeL");
            MetricFixtures.AssertClose(expected.Number("cider"), item.Cider, $"{item.Id} cider");
            MetricFixtures.AssertClose(expected.Number("meteor"), item.Meteor!.Score, $"{item.Id} meteor");
        }
    }

    [Fact]
    public void WithoutWordNetMeteorIsLeftOutAndTheRestIsUnchanged()
    {
        var scores = ReportMetrics.Score(Pairs, wordnet: null);
        var corpus = MetricFixtures.Reports.GetProperty("corpus");
        Assert.Null(scores.Meteor);
        Assert.All(scores.Items, item => Assert.Null(item.Meteor));
        MetricFixtures.AssertClose(corpus.Number("meteor_exact_only"), scores.MeteorExactOnly, "meteor_exact_only");
        MetricFixtures.AssertClose(corpus.Number("cider"), scores.Cider, "cider");
    }
}
