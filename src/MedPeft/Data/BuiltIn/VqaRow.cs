namespace MedPeft.Data.BuiltIn;

/// <summary>One question about one image, as a line of <c>train.jsonl</c> / <c>validation.jsonl</c> / <c>test.jsonl</c>.</summary>
/// <param name="Image">Path relative to the dataset folder: <c>images/&lt;file&gt;.png</c>.</param>
/// <param name="AnswerType">"CLOSED" (yes/no, or one of the candidates the question names) or "OPEN".</param>
/// <param name="QuestionType">One of <see cref="QuestionTypes.All"/>.</param>
internal sealed record VqaRow(string Id, string Image, string Question, string Answer, string AnswerType, string QuestionType)
{
    public const string Closed = "CLOSED", Open = "OPEN";
    public bool IsClosed => AnswerType == Closed;
}

/// <summary>The SLAKE-like question types of the built-in datasets.</summary>
internal static class QuestionTypes
{
    public const string Modality = "modality", Plane = "plane", Organ = "organ", Position = "position",
        Size = "size", Count = "count", Abnormality = "abnormality", Color = "color";

    public static readonly IReadOnlyList<string> All = [Modality, Plane, Organ, Position, Size, Count, Abnormality, Color];
}

/// <summary>One short report per image, as an entry of <c>annotation.json</c> (R2Gen layout).</summary>
/// <param name="ImageFile">File name relative to the dataset's <c>images/</c> folder.</param>
/// <param name="Split">"train", "val" or "test" (R2Gen's names).</param>
internal sealed record ReportRow(string Id, string Report, string ImageFile, string Split);
