using System.Text.Json.Serialization;

namespace MedPeft.Experiments.Statistics;

/// <summary>
/// A score over seeds and test questions: the mean over seeds, their standard deviation (null with one
/// seed), and the 95% percentile interval of the seed mean over bootstrap resamples of the test questions.
/// </summary>
internal sealed record ScoreInterval(double Mean, double? Std, IReadOnlyList<double> Ci95)
{
    [JsonIgnore] public double Low => Ci95[0];
    [JsonIgnore] public double High => Ci95[1];

    /// <summary>True when the interval holds 0: for a difference, the two sides cannot be told apart.</summary>
    [JsonIgnore] public bool ContainsZero => Low <= 0 && High >= 0;
}
