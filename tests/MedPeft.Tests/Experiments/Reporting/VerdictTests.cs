using MedPeft.Experiments;
using MedPeft.Experiments.Reporting;
using static MedPeft.Tests.Experiments.Reporting.ComparisonFixtures;

namespace MedPeft.Tests.Experiments.Reporting;

public sealed class VerdictTests
{
    static ComparisonResult Vqa(params ComparisonRow[] rows) => Result("vqa", "overall_accuracy", VqaColumns, rows);

    static ComparisonRow ZeroShot(double? overall) => Reference("zero-shot", ComparisonRowKind.ZeroShot, ComparisonFixtures.Vqa(0.5, 0.1, overall));

    static ComparisonRow Row(string name, long trainable, long memory, double? overall) =>
        Method(name, trainable, 124_000_000, memory, 2, 400, ComparisonFixtures.Vqa(0.7, 0.4, overall));

    [Fact]
    public void PicksTheCheapestMethodKeepingNinetyPercentOfTheBestGain()
    {
        // Threshold 0.34 + 0.9 × (0.712 − 0.34) = 0.6748: ia3 (30k, 0.30) is cheaper but below; ln (62k, 0.684) is the first above.
        var verdict = Verdict.Of(VqaComparison());
        Assert.Equal("ln", verdict.EfficientMethod);
        Assert.Equal(["full"], verdict.BestMethods);
        // 68.4 / 71.2 = 96.07%; (68.4 − 34) / (71.2 − 34) = 92.47%; 62k / 124M = 0.05%; 1,632,087,573 B / 4 GiB = 38.0%.
        Assert.Equal("ln reaches 96.1% of full's overall accuracy (68.4% vs 71.2%, 92.5% of its gain over the zero-shot model) " +
            "with 0.05% of its trainable parameters and 38% of its peak memory; best overall: full (71.2%); " +
            "below the zero-shot model: ia3; no overall accuracy: prefix", verdict.Line);
    }

    [Fact]
    public void ReportTaskRanksByBleu4AndIgnoresTheMissingMeteor()
    {
        // Threshold 0.02 + 0.9 × 0.09 = 0.101: ln (0.090) misses it, lora (0.105) keeps 0.085 / 0.09 = 94.4% of the gain.
        var verdict = Verdict.Of(ReportComparison());
        Assert.Equal("lora", verdict.EfficientMethod);
        Assert.Equal("lora reaches 95.5% of full's BLEU-4 (0.105 vs 0.110, 94.4% of its gain over the zero-shot model) " +
            "with 0.242% of its trainable parameters and 37.5% of its peak memory; best overall: full (0.110)", verdict.Line);
    }

    [Fact]
    public void SingleMethodIsNamedWithItsScoreAndShare()
    {
        var verdict = Verdict.Of(SingleMethod());
        Assert.Equal("lora", verdict.EfficientMethod);
        // 589,824 / 124,589,824 = 0.4734%.
        Assert.Equal("lora is the only method: overall accuracy 66.0%, the zero-shot model 34.0%, with 0.473% of its parameters trainable", verdict.Line);
    }

    [Fact]
    public void TieOnTheBestScoreGoesToTheCheaperMethod()
    {
        var verdict = Verdict.Of(Vqa(ZeroShot(0.34), Row("full", 124_000_000, 4 * GiB, 0.712), Row("ln", 62_000, GiB, 0.712)));
        Assert.Equal("ln", verdict.EfficientMethod);
        Assert.Equal(["ln", "full"], verdict.BestMethods);
        Assert.Equal("ln ties with full for the best overall accuracy (71.2%), with 0.05% of full's trainable parameters and 25% of its peak memory", verdict.Line);
    }

    [Fact]
    public void TieOnScoreAndParametersGoesToTheLowerPeakMemory()
    {
        var verdict = Verdict.Of(Vqa(ZeroShot(0.34), Row("a", 62_000, 2 * GiB, 0.7), Row("b", 62_000, GiB, 0.7)));
        Assert.Equal("b", verdict.EfficientMethod);
        Assert.Equal(["b", "a"], verdict.BestMethods);
    }

    [Fact]
    public void BestMethodIsAlsoTheEfficientOneWhenNoCheaperMethodComesClose()
    {
        // Threshold 0.6748; lora's 0.5 is far below it.
        var verdict = Verdict.Of(Vqa(ZeroShot(0.34), Row("full", 124_000_000, 4 * GiB, 0.712), Row("lora", 500_000, GiB, 0.5)));
        Assert.Equal("full", verdict.EfficientMethod);
        Assert.Equal("full is both the best and the most efficient method: overall accuracy 71.2%, the zero-shot model 34.0%; " +
            "no method with fewer trainable parameters keeps 90% of its gain", verdict.Line);
    }

    [Fact]
    public void NoMethodAboveZeroShotGivesNoEfficientMethod()
    {
        var verdict = Verdict.Of(Vqa(ZeroShot(0.34), Row("full", 124_000_000, 4 * GiB, 0.2), Row("lora", 500_000, GiB, 0.3)));
        Assert.Null(verdict.EfficientMethod);
        Assert.Equal(["lora"], verdict.BestMethods);
        Assert.Equal("no method beats the zero-shot model on overall accuracy (34.0%); best: lora (30.0%); below the zero-shot model: lora and full", verdict.Line);
    }

    [Fact]
    public void NullZeroShotScoreFallsBackToTheMajorityBaseline()
    {
        // Majority 0.35: threshold 0.35 + 0.9 × 0.362 = 0.6758, which ln (0.684) keeps: 0.334 / 0.362 = 92.3%.
        var result = Vqa(ZeroShot(null), Reference("majority", ComparisonRowKind.Majority, ComparisonFixtures.Vqa(0.55, 0.05, 0.35)),
            Row("full", 124_000_000, 4 * GiB, 0.712), Row("ln", 62_000, GiB, 0.684));
        var verdict = Verdict.Of(result);
        Assert.Equal("ln", verdict.EfficientMethod);
        Assert.Contains("92.3% of its gain over the majority baseline", verdict.Line);
    }

    [Fact]
    public void WithoutReferenceRowsTheGainIsTheScoreItself()
    {
        // Threshold 0.9 × 0.712 = 0.6408: lora (0.65) keeps it, ln (0.6) does not.
        var verdict = Verdict.Of(Vqa(Row("full", 124_000_000, 4 * GiB, 0.712), Row("lora", 500_000, 2 * GiB, 0.65), Row("ln", 62_000, GiB, 0.6)));
        Assert.Equal("lora", verdict.EfficientMethod);
        Assert.DoesNotContain("gain", verdict.Line);
        Assert.StartsWith("lora reaches 91.3% of full's overall accuracy (65.0% vs 71.2%) with", verdict.Line);
    }

    [Fact]
    public void NoScoresAtAllGivesNoVerdict()
    {
        var verdict = Verdict.Of(Vqa(ZeroShot(0.34), Row("full", 124_000_000, 4 * GiB, null)));
        Assert.Null(verdict.EfficientMethod);
        Assert.Empty(verdict.BestMethods);
        Assert.Equal("no method has a score for overall accuracy, so there is no verdict", verdict.Line);
    }

    [Fact]
    public void NotFiniteScoresCountAsMissing()
    {
        var verdict = Verdict.Of(Vqa(ZeroShot(0.34), Row("full", 124_000_000, 4 * GiB, double.NaN), Row("ln", 62_000, GiB, 0.6)));
        Assert.Equal("ln", verdict.EfficientMethod);
        Assert.EndsWith("; no overall accuracy: full", verdict.Line);
    }
}
