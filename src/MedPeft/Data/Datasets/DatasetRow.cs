namespace MedPeft.Data.Datasets;

/// <summary>
/// One example: a question about an image (VQA) or an image's report. <see cref="ImagePaths"/> are
/// absolute; <see cref="Question"/> is null for reports; <see cref="Answer"/> is the target text
/// (answer or report). <see cref="AnswerType"/> is the set's own type when it gives one, else derived
/// from the answer (closed = yes/no); null for reports.
/// </summary>
internal sealed record DatasetRow(
    string Id,
    DatasetSplit Split,
    IReadOnlyList<string> ImagePaths,
    string? Question,
    string Answer,
    AnswerType? AnswerType,
    string? QuestionType = null,
    string? Language = null);
