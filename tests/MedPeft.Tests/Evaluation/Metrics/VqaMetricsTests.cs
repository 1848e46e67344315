using MedPeft.Evaluation.Metrics;

namespace MedPeft.Tests.Evaluation.Metrics;

public class VqaMetricsTests
{
    static readonly VqaItem[] FixtureItems = ItemsOf(MetricFixtures.Vqa);

    static VqaItem[] ItemsOf(System.Text.Json.JsonElement fixture) => fixture.Pairs().Select(p => new VqaItem(
        p.Id(), p.Text("prediction"), [p.Text("reference")],
        p.Text("answer_type") == "CLOSED" ? VqaAnswerType.Closed : VqaAnswerType.Open)).ToArray();

    [Theory]
    [InlineData("vqa.json")]
    [InlineData("vqa_closed_choice.json")]
    public void PerItemValuesMatchTheFixture(string name)
    {
        var fixture = MetricFixtures.VqaFixtures[name];
        foreach (var score in VqaMetrics.Score(ItemsOf(fixture)).Items)
        {
            var expected = fixture.Item(score.Id);
            Assert.Equal(expected.Text("normalized_prediction"), score.NormalizedPrediction);
            Assert.Equal([expected.Text("normalized_reference")], score.NormalizedReferences);
            Assert.Equal(expected.Number("exact_match"), score.ExactMatch);
            MetricFixtures.AssertClose(expected.Number("recall"), score.Recall, $"{score.Id} recall");
            var closedAnswer = expected.GetProperty("closed_answer");
            Assert.Equal(closedAnswer.ValueKind == System.Text.Json.JsonValueKind.Null ? null : closedAnswer.GetString(), score.ClosedAnswer);
            var closedCorrect = expected.GetProperty("closed_correct");
            Assert.Equal(closedCorrect.ValueKind == System.Text.Json.JsonValueKind.Null ? null : closedCorrect.GetDouble(), score.ClosedCorrect);
        }
    }

    [Theory]
    [InlineData("vqa.json")]
    [InlineData("vqa_closed_choice.json")]
    public void CorpusValuesMatchTheFixture(string name)
    {
        var fixture = MetricFixtures.VqaFixtures[name];
        var corpus = VqaMetrics.Score(ItemsOf(fixture)).Corpus;
        var expected = fixture.GetProperty("corpus");
        Assert.Equal((expected.GetProperty("n_items").GetInt32(), expected.GetProperty("n_open").GetInt32(), expected.GetProperty("n_closed").GetInt32()),
            (corpus.Items, corpus.Open, corpus.Closed));
        MetricFixtures.AssertClose(expected.Number("closed_accuracy"), corpus.ClosedAccuracy!.Value, "closed_accuracy");
        MetricFixtures.AssertClose(expected.Number("open_exact_match"), corpus.OpenExactMatch!.Value, "open_exact_match");
        MetricFixtures.AssertClose(expected.Number("open_recall"), corpus.OpenRecall!.Value, "open_recall");
        MetricFixtures.AssertClose(expected.Number("overall_accuracy"), corpus.OverallAccuracy!.Value, "overall_accuracy");
        // The closed-choice fixture leaves out the all-items averages.
        if (expected.TryGetProperty("exact_match_all_items", out _))
        {
            MetricFixtures.AssertClose(expected.Number("exact_match_all_items"), corpus.ExactMatchAllItems!.Value, "exact_match_all_items");
            MetricFixtures.AssertClose(expected.Number("recall_all_items"), corpus.RecallAllItems!.Value, "recall_all_items");
        }
    }

    [Fact]
    public void AnswerTypeBreakdownCarriesEachTypesAccuracies()
    {
        var scores = VqaMetrics.Score(FixtureItems);
        var expected = MetricFixtures.Vqa.GetProperty("corpus");
        var closed = scores.ByAnswerType[VqaAnswerType.Closed];
        var open = scores.ByAnswerType[VqaAnswerType.Open];
        Assert.Equal((21, 0, 21), (closed.Items, closed.Open, closed.Closed));
        Assert.Equal(expected.Number("closed_accuracy"), closed.ClosedAccuracy);
        Assert.Equal(expected.Number("closed_accuracy"), closed.OverallAccuracy);
        Assert.Null(closed.OpenExactMatch);
        Assert.Equal((24, 24, 0), (open.Items, open.Open, open.Closed));
        Assert.Equal(expected.Number("open_exact_match"), open.OpenExactMatch);
        Assert.Equal(expected.Number("open_recall"), open.OpenRecall);
        Assert.Null(open.ClosedAccuracy);
        Assert.Empty(scores.ByQuestionType);
    }

    [Fact]
    public void QuestionTypeBreakdownGroupsMixedTypes()
    {
        // Hand computation: PRES = a right yes, a wrong "nope", an open exact match; SIZE = an open half recall.
        var scores = VqaMetrics.Score(
        [
            new("1", "Yes.", ["yes"], VqaAnswerType.Closed, "PRES"),
            new("2", "nope", ["no"], VqaAnswerType.Closed, "PRES"),
            new("3", "the left lung", ["left lung"], VqaAnswerType.Open, "PRES"),
            new("4", "effusion", ["pleural effusion"], VqaAnswerType.Open, "SIZE"),
            new("5", "no", ["no"], VqaAnswerType.Closed),
        ]);
        Assert.Equal(["PRES", "SIZE"], scores.ByQuestionType.Keys);
        var presence = scores.ByQuestionType["PRES"];
        Assert.Equal((3, 1, 2), (presence.Items, presence.Open, presence.Closed));
        Assert.Equal(0.5, presence.ClosedAccuracy);
        Assert.Equal(1.0, presence.OpenExactMatch);
        Assert.Equal(2.0 / 3.0, presence.OverallAccuracy);
        var size = scores.ByQuestionType["SIZE"];
        Assert.Equal((0.0, 0.5, 0.0), (size.OpenExactMatch!.Value, size.OpenRecall!.Value, size.OverallAccuracy!.Value));
        Assert.Null(size.ClosedAccuracy);
        Assert.Equal(5, scores.Corpus.Items);
        Assert.Equal(3.0 / 5.0, scores.Corpus.OverallAccuracy);
    }

    [Fact]
    public void WithSeveralReferencesTheBestMatchCounts()
    {
        var score = VqaMetrics.ScoreItem(new("1", "the chest", ["abdomen", "chest x ray", "Chest"], VqaAnswerType.Open));
        Assert.Equal(1.0, score.ExactMatch);
        Assert.Equal(1.0, score.Recall);
        var partial = VqaMetrics.ScoreItem(new("2", "chest", ["abdomen", "chest x ray"], VqaAnswerType.Open));
        Assert.Equal(0.0, partial.ExactMatch);
        Assert.Equal(1.0 / 3.0, partial.Recall);
    }
}
