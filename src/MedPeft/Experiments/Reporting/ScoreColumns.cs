using MedPeft.Experiments.Statistics;

namespace MedPeft.Experiments.Reporting;

/// <summary>
/// Names and display scales of the score keys (<see cref="Evaluation.SplitScores"/>'s JSON keys; a
/// further test set's keys carry its name, <c>overall_accuracy@name</c>, see <see cref="TestSet"/>).
/// Med-VQA accuracies are fractions shown as percentages; report-generation scores are shown as the
/// fractions themselves (CIDEr-D on its 0–10 scale), as R2Gen-style tables print them.
/// </summary>
static class ScoreColumns
{
    static readonly Dictionary<string, string> Names = new()
    {
        ["closed_accuracy"] = "closed accuracy",
        ["open_exact_match"] = "open accuracy",
        ["open_recall"] = "open recall",
        ["overall_accuracy"] = "overall accuracy",
        ["bleu1"] = "BLEU-1",
        ["bleu2"] = "BLEU-2",
        ["bleu3"] = "BLEU-3",
        ["bleu4"] = "BLEU-4",
        ["meteor"] = "METEOR",
        ["rougeL"] = "ROUGE-L",
        ["cider"] = "CIDEr",
    };

    static readonly Dictionary<string, string> Headers = new()
    {
        ["closed_accuracy"] = "closed %",
        ["open_exact_match"] = "open %",
        ["open_recall"] = "open recall %",
        ["overall_accuracy"] = "overall %",
    };

    static readonly HashSet<string> Percentages = ["closed_accuracy", "open_exact_match", "open_recall", "overall_accuracy"];

    /// <summary>The score's name in a sentence: "overall accuracy", "BLEU-4", "overall accuracy on name"; an unknown key is its own name.</summary>
    public static string Name(string key)
    {
        var (score, set) = TestSet.Split(key);
        var name = Names.GetValueOrDefault(score, score);
        return set is null ? name : $"{name} on {set}";
    }

    /// <summary>The table header: "overall %", "BLEU-4", "overall % (name)".</summary>
    public static string Header(string key)
    {
        var (score, set) = TestSet.Split(key);
        var header = Headers.GetValueOrDefault(score, Names.GetValueOrDefault(score, score));
        return set is null ? header : $"{header} ({set})";
    }

    /// <summary>The axis title of a plot of this score: "overall accuracy (%)", "BLEU-4".</summary>
    public static string AxisTitle(string key) => IsPercentage(key) ? Name(key) + " (%)" : Name(key);

    public static bool IsPercentage(string key) => Percentages.Contains(TestSet.Split(key).Score);

    /// <summary>The number a table cell or a plot shows for a stored score (a fraction; CIDEr-D 0–10).</summary>
    public static double Display(string key, double value) => IsPercentage(key) ? 100 * value : value;

    /// <summary>A table cell: "71.2" under "overall %", "0.123" under "BLEU-4", "–" when missing.</summary>
    public static string Cell(string key, double? value) =>
        value is { } v ? ReportFormat.Fixed(Display(key, v), IsPercentage(key) ? 1 : 3) : ReportFormat.Missing;

    /// <summary>
    /// A score with its spread: "71.2 [66.1, 76.3]" (95% interval over the test questions), with several
    /// seeds "71.2 ±0.8 [66.1, 76.3]"; the bare mean without an interval.
    /// </summary>
    public static string Cell(string key, double? mean, ScoreInterval? interval)
    {
        if (interval is null || mean is null) return Cell(key, mean);
        var spread = interval.Std is { } std ? $" ±{ReportFormat.Fixed(Display(key, std), IsPercentage(key) ? 1 : 3)}" : "";
        return $"{Cell(key, mean)}{spread} [{Cell(key, interval.Low)}, {Cell(key, interval.High)}]";
    }

    /// <summary>A paired difference with its interval, signed: "−2.7 [−6.0, +0.7]"; "–" when there is none.</summary>
    public static string DifferenceCell(string key, ScoreInterval? difference) =>
        difference is null ? ReportFormat.Missing : $"{Signed(key, difference.Mean)} [{Signed(key, difference.Low)}, {Signed(key, difference.High)}]";

    static string Signed(string key, double value) => (value > 0 ? "+" : "") + Cell(key, value);

    /// <summary>A value in a sentence, with its unit: "71.2%", "0.123".</summary>
    public static string Quote(string key, double value) => Cell(key, value) + (IsPercentage(key) ? "%" : "");

    /// <summary>The row's score for <paramref name="key"/>, or null when it is absent, null or not finite.</summary>
    public static double? Of(ComparisonRow row, string key) =>
        row.Scores.TryGetValue(key, out var value) && value is { } v && double.IsFinite(v) ? v : null;
}
