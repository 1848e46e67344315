namespace MedPeft.Data.Datasets;

/// <summary>Answer normalisation and the closed/open rule: closed means the answer is yes or no.</summary>
internal static class AnswerTypes
{
    /// <summary>Lower-case, trimmed, inner white space collapsed, trailing full stops removed.</summary>
    public static string Normalize(string answer) =>
        string.Join(' ', answer.Trim().ToLowerInvariant().Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries)).TrimEnd('.').TrimEnd();

    public static AnswerType FromAnswer(string answer) => Normalize(answer) is "yes" or "no" ? AnswerType.Closed : AnswerType.Open;

    /// <summary>A set's own <c>answer_type</c> ("CLOSED", " open ", ...), or null when it is neither.</summary>
    public static AnswerType? ParseDeclared(string? declared) => declared?.Trim().ToUpperInvariant() switch
    {
        "CLOSED" => AnswerType.Closed,
        "OPEN" => AnswerType.Open,
        _ => null,
    };
}
