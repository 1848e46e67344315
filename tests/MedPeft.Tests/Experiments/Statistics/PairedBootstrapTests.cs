using MedPeft.Data;
using MedPeft.Experiments.Statistics;

namespace MedPeft.Tests.Experiments.Statistics;

/// <summary>The bootstrap against a hand computation: the same draws, seed means and percentiles worked out here.</summary>
public sealed class PairedBootstrapTests
{
    // Two rows over five questions: "a" has two seeds, "b" one; each score is the share of right answers.
    static readonly int[][] A = [[1, 1, 0, 1, 0], [1, 0, 0, 1, 1]];
    static readonly int[] B = [0, 1, 0, 1, 0];

    static SubsetScorer Accuracy(int[] right) =>
        questions => new Dictionary<string, double?> { ["accuracy"] = questions.Average(q => (double)right[q]) };

    static Dictionary<string, Dictionary<string, double[]>> Run(int resamples) =>
        new PairedBootstrap(5, resamples, seed: 7).Run(new Dictionary<string, IReadOnlyList<SubsetScorer>>
        {
            ["a"] = A.Select(Accuracy).ToList(),
            ["b"] = [Accuracy(B)],
        });

    [Fact]
    public void EveryResampleScoresEveryRowOnTheSameDrawnQuestionsAveragedOverSeeds()
    {
        var values = Run(resamples: 20);
        for (int r = 0; r < 20; r++)
        {
            var random = new DeterministicRandom(7, r);
            var drawn = Enumerable.Range(0, 5).Select(_ => random.NextInt(5)).ToArray();
            double a = (drawn.Average(q => (double)A[0][q]) + drawn.Average(q => (double)A[1][q])) / 2, b = drawn.Average(q => (double)B[q]);
            Assert.Equal(a, values["a"]["accuracy"][r], 12);
            Assert.Equal(b, values["b"]["accuracy"][r], 12);
        }
    }

    [Fact]
    public void IntervalsArePercentilesOfTheResamplesAndDifferencesArePaired()
    {
        var values = Run(resamples: 200);
        var a = values["a"]["accuracy"];
        var b = values["b"]["accuracy"];

        var interval = PairedBootstrap.Interval([0.6, 0.6], a)!;
        var difference = PairedBootstrap.Difference([0.6, 0.6], a, [0.4], b)!;

        Assert.Equal(0.6, interval.Mean, 12);
        Assert.Equal(0.0, interval.Std!.Value, 12);
        Assert.Equal(HandPercentile(a, 0.025), interval.Low, 12);
        Assert.Equal(HandPercentile(a, 0.975), interval.High, 12);
        Assert.Equal(0.2, difference.Mean, 12);
        Assert.Null(difference.Std);
        var paired = a.Zip(b, (x, y) => x - y).ToArray();
        Assert.Equal(HandPercentile(paired, 0.025), difference.Low, 12);
        Assert.Equal(HandPercentile(paired, 0.975), difference.High, 12);
    }

    [Fact]
    public void TheStandardDeviationIsOverSeedsWithNMinusOne()
    {
        // Seeds 0.5 and 0.7: mean 0.6, sample std sqrt(((−0.1)² + 0.1²) / 1) = 0.1414.
        var interval = PairedBootstrap.Interval([0.5, 0.7], [0.5, 0.6, 0.7])!;
        Assert.Equal(Math.Sqrt(0.02), interval.Std!.Value, 12);
        Assert.Null(PairedBootstrap.Interval([0.5], [0.5])!.Std);
    }

    [Fact]
    public void TheSameSeedDrawsTheSameResamples() =>
        Assert.Equal(Run(resamples: 30)["a"]["accuracy"], Run(resamples: 30)["a"]["accuracy"]);

    /// <summary>Linear interpolation between the order statistics at q·(n − 1), written out here.</summary>
    static double HandPercentile(double[] values, double q)
    {
        var sorted = values.OrderBy(v => v).ToArray();
        double position = q * (sorted.Length - 1);
        int lower = (int)position;
        return lower + 1 < sorted.Length ? sorted[lower] + (position - lower) * (sorted[lower + 1] - sorted[lower]) : sorted[lower];
    }
}
