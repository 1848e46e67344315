namespace MedPeft.Evaluation.Metrics;

/// <summary>
/// How this project compares a Med-VQA answer with its reference. Unlike LLaVA-Med's scorer, a
/// wrong yes/no answer always counts as a miss, and an answer that does not start with yes or no
/// (<c>normal</c>, <c>nope</c>, <c>There is no fracture.</c>) is wrong for a yes/no question. A closed
/// question that names its candidates ("CT or MRI?" → <c>MRI</c>, "left or right?" → <c>Left</c>), as
/// SLAKE and VQA-RAD mark many, is scored by normalized exact match: <c>The left.</c> is right for
/// <c>Left</c>, <c>left side</c> and <c>yes</c> are wrong.
/// </summary>
internal static class VqaAnswerRules
{
    static readonly HashSet<string> Articles = new(StringComparer.Ordinal) { "a", "an", "the" };

    /// <summary>Lower-case, ASCII punctuation to spaces, split on whitespace, drop a/an/the, join with single spaces.</summary>
    public static string Normalize(string answer) =>
        string.Join(' ', PunctuationTokenizer.Words(answer).Where(word => !Articles.Contains(word)));

    /// <summary>1 when the normalized texts are equal, else 0.</summary>
    public static double ExactMatch(string prediction, string reference) => Normalize(prediction) == Normalize(reference) ? 1.0 : 0.0;

    /// <summary>The share of the reference's normalized words (with repeats) that occur in the prediction; 0 for an empty reference.</summary>
    public static double Recall(string prediction, string reference)
    {
        var referenceWords = PunctuationTokenizer.SplitOnWhitespace(Normalize(reference));
        if (referenceWords.Length == 0) return 0.0;
        var predictionWords = new HashSet<string>(PunctuationTokenizer.SplitOnWhitespace(Normalize(prediction)), StringComparer.Ordinal);
        return (double)referenceWords.Count(predictionWords.Contains) / referenceWords.Length;
    }

    /// <summary>"yes" or "no" when the normalized prediction starts with that word, else null (no yes/no answer given).</summary>
    public static string? ClosedAnswer(string prediction)
    {
        var first = PunctuationTokenizer.SplitOnWhitespace(Normalize(prediction)).FirstOrDefault();
        return first is "yes" or "no" ? first : null;
    }

    /// <summary>
    /// For a reference that normalizes to yes or no: 1 when the prediction gives that yes/no answer. For a
    /// named candidate (any other reference): the normalized exact match. Else 0.
    /// </summary>
    public static double ClosedCorrect(string prediction, string reference)
    {
        var expected = Normalize(reference);
        if (expected is not ("yes" or "no")) return ExactMatch(prediction, reference);
        return ClosedAnswer(prediction) == expected ? 1.0 : 0.0;
    }
}
