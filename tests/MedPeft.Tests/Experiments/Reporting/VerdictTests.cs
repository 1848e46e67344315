using MedPeft.Experiments;
using MedPeft.Experiments.Reporting;
using static MedPeft.Tests.Experiments.Reporting.ComparisonFixtures;

namespace MedPeft.Tests.Experiments.Reporting;

/// <summary>The verdict follows the intervals of the paired differences; every expected line is worked out from the fixtures' numbers.</summary>
public sealed class VerdictTests
{
    static ComparisonResult Vqa(params ComparisonRow[] rows) => Result("vqa", "overall_accuracy", VqaColumns, rows);

    static ComparisonRow ZeroShot(double? overall) => Reference("zero-shot", ComparisonRowKind.ZeroShot, ComparisonFixtures.Vqa(0.5, 0.1, overall));

    static ComparisonRow Row(string name, long trainable, long memory, double? overall) =>
        Method(name, trainable, 124_000_000, memory, 2, 400, ComparisonFixtures.Vqa(0.7, 0.4, overall));

    [Fact]
    public void AMethodWhoseDifferenceToTheBestHoldsZeroIsIndistinguishableAndTheCheaperWins()
    {
        // ln − full: −2.8 points, interval [−6.0, +0.4] holds 0; lora's [−9.0, −1.5] and ia3's lie below it.
        var verdict = Verdict.Of(VqaComparison());
        Assert.Equal("ln", verdict.EfficientMethod);
        Assert.Equal(["ln", "full"], verdict.BestMethods);
        // 62k / 124M = 0.05%; 1,632,087,573 B / 4 GiB = 38.0%.
        Assert.Equal("ln is indistinguishable from the best method, full, at this budget (68.4% vs 71.2%, difference -2.8 [-6.0, +0.4]), " +
            "with 0.05% of full's trainable parameters and 38% of its peak memory; worse than full: lora and ia3; " +
            "not better than the zero-shot model: ia3; no overall accuracy: prefix", verdict.Line);
    }

    [Fact]
    public void OverlappingMeansThatTheIntervalSeparatesAreCalledWorse()
    {
        // 70.0 against 71.2 is close, but the paired interval [−2.0, −0.4] excludes 0: lora is worse, not a tie.
        var verdict = Verdict.Of(Vqa(ZeroShot(0.34),
            Row("full", 124_000_000, 4 * GiB, 0.712).Within(0.66, 0.76),
            Row("lora", 500_000, GiB, 0.70).Versus("full", -0.012, -0.02, -0.004)));
        Assert.Equal("full", verdict.EfficientMethod);
        Assert.Equal(["full"], verdict.BestMethods);
        Assert.Equal("full has the best overall accuracy (71.2%, 95% interval 66.0%–76.0%) and every other method is worse, the nearest lora (-1.2 [-2.0, -0.4])",
            verdict.Line);
    }

    [Fact]
    public void ABestMethodThatIsAlsoCheapestNamesTheCostlierTies()
    {
        var verdict = Verdict.Of(Vqa(ZeroShot(0.34),
            Row("full", 124_000_000, 4 * GiB, 0.70).Versus("ln", -0.01, -0.05, 0.03),
            Row("ln", 62_000, GiB, 0.71)));
        Assert.Equal("ln", verdict.EfficientMethod);
        Assert.Equal(["ln", "full"], verdict.BestMethods);
        Assert.Equal("ln has the best overall accuracy (71.0%); full is indistinguishable from it at this budget, with more trainable parameters", verdict.Line);
    }

    [Fact]
    public void ReportTaskRanksByBleu4AndIgnoresTheMissingMeteor()
    {
        var verdict = Verdict.Of(ReportComparison());
        Assert.Equal("lora", verdict.EfficientMethod);
        // 300k / 124M = 0.242%; 1.5 / 4 GiB = 37.5%.
        Assert.Equal("lora is indistinguishable from the best method, full, at this budget (0.105 vs 0.110, difference -0.005 [-0.020, +0.010]), " +
            "with 0.242% of full's trainable parameters and 37.5% of its peak memory; worse than full: ln", verdict.Line);
    }

    [Fact]
    public void SingleMethodIsNamedWithItsScoreAndInterval()
    {
        var verdict = Verdict.Of(SingleMethod());
        Assert.Equal("lora", verdict.EfficientMethod);
        Assert.Equal("lora is the only method: overall accuracy 66.0%, 95% interval 60.0%–72.0%", verdict.Line);
    }

    [Fact]
    public void AmongIndistinguishableMethodsWithEqualParametersTheLowerPeakMemoryWins()
    {
        var verdict = Verdict.Of(Vqa(ZeroShot(0.34), Row("a", 62_000, 2 * GiB, 0.7), Row("b", 62_000, GiB, 0.7).Versus("a", 0, -0.03, 0.03)));
        Assert.Equal("b", verdict.EfficientMethod);
        Assert.Equal(["b", "a"], verdict.BestMethods);
    }

    [Fact]
    public void MethodsNotAboveTheZeroShotModelAreNamed()
    {
        var verdict = Verdict.Of(Vqa(ZeroShot(0.34),
            Row("full", 124_000_000, 4 * GiB, 0.36).Versus("zero-shot", 0.02, -0.01, 0.05),
            Row("lora", 500_000, GiB, 0.35).Versus("full", -0.01, -0.04, 0.02).Versus("zero-shot", 0.01, -0.02, 0.04)));
        Assert.Equal("lora", verdict.EfficientMethod);
        Assert.EndsWith("; not better than the zero-shot model: full and lora", verdict.Line);
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
