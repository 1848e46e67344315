using MedPeft.Experiments.Statistics;

namespace MedPeft.Experiments.Pairing;

/// <summary>One method of both comparisons: its score in each (mean over its seeds, 95% interval) and b − a paired over the test questions.</summary>
internal sealed record PairedMethod(string Method, ScoreInterval A, ScoreInterval B, ScoreInterval Difference);

/// <summary>
/// Two <c>compare</c> results folders on the same test questions (e.g. a bf16 run and an fp32 run), method by method.
/// </summary>
/// <param name="Score">The score compared: the comparisons' primary one (<c>overall_accuracy</c> for VQA).</param>
/// <param name="Bootstrap">The resamples and seed of the intervals: those comparison <c>a</c> states.</param>
/// <param name="Unpaired">Methods in only one of the two folders (not compared).</param>
internal sealed record PairedComparison(string A, string B, string Task, string Score, BootstrapSetting Bootstrap,
    IReadOnlyList<PairedMethod> Methods, IReadOnlyList<string> Unpaired);
