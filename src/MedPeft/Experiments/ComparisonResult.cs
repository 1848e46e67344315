using MedPeft.Experiments.Statistics;

namespace MedPeft.Experiments;

/// <summary>What kind of row a comparison table holds.</summary>
internal enum ComparisonRowKind
{
    /// <summary>A fine-tuning method trained under the comparison's budget.</summary>
    Method,
    /// <summary>The base model evaluated without any training (reference row).</summary>
    ZeroShot,
    /// <summary>Always answering the most frequent training answer of each answer type (reference row).</summary>
    Majority,
}

/// <summary>One validation evaluation during training.</summary>
internal sealed record ValidationPoint(long Step, double Epoch, double? ValidationLoss, double? Score);

/// <summary>A method's test scores with one seed.</summary>
internal sealed record SeedScores(int Seed, IReadOnlyDictionary<string, double?> Scores);

/// <summary>
/// One row of a comparison: a method (or a reference row), what it cost, and what it scored on the
/// test split. Scores are fractions in 0–1 (CIDEr-D 0–10), the mean over the row's seeds; costs are
/// null for reference rows (with several seeds: means, peak memory the largest). <paramref name="Seeds"/>
/// holds each seed's scores (methods only), <paramref name="Intervals"/> each score's mean, standard
/// deviation over seeds and 95% bootstrap interval over the test questions, and
/// <paramref name="Differences"/> this row minus another row (by its name), paired question by question.
/// </summary>
internal sealed record ComparisonRow(
    string Name,
    ComparisonRowKind Kind,
    string Scope,
    long? TrainableParameters,
    long? TotalParameters,
    double? TrainablePercent,
    long? PeakMemoryBytes,
    double? SecondsPerStep,
    double? WallSeconds,
    long? Steps,
    IReadOnlyDictionary<string, double?> Scores,
    IReadOnlyList<ValidationPoint> ValidationCurve,
    IReadOnlyList<SeedScores>? Seeds = null,
    IReadOnlyDictionary<string, ScoreInterval>? Intervals = null,
    IReadOnlyDictionary<string, IReadOnlyDictionary<string, ScoreInterval>>? Differences = null);

/// <summary>The machine a comparison ran on: its processor's instruction sets (e.g. "AVX2, AVX-512") and which kernel
/// its linear layers ran on (with the reason) say which figures can be compared with another machine's.</summary>
internal sealed record MachineInfo(string OperatingSystem, string Processor, int Cores, long MemoryBytes, string DotNet, string TorchSharp, int TorchThreads,
    string InstructionSets, string LinearKernel);

/// <summary>
/// A whole comparison: its setting (with the budget the methods actually trained with), one row per
/// method and reference, and the key of the score that ranks them (<c>overall_accuracy</c> for VQA,
/// <c>bleu4</c> for reports). <paramref name="TestSets"/> are the further test sets every row was scored
/// on without training on them (their scores under <see cref="TestSet.Key"/>).
/// </summary>
internal sealed record ComparisonResult(
    string Title,
    string Task,
    string Model,
    string Dataset,
    string DatasetFormat,
    IReadOnlyDictionary<string, int> SplitSizes,
    ComparisonBudget Budget,
    IReadOnlyList<int> Seeds,
    DateTimeOffset Started,
    double WallSeconds,
    MachineInfo Machine,
    string PrimaryScore,
    IReadOnlyList<string> ScoreColumns,
    IReadOnlyList<ComparisonRow> Rows,
    IReadOnlyList<string> Notes,
    BootstrapSetting? Bootstrap = null,
    IReadOnlyList<TestSet>? TestSets = null);

/// <summary>How the intervals were drawn: resamples of the test questions and the seed of the draws.</summary>
internal sealed record BootstrapSetting(int Resamples, long Seed, int Questions);
