namespace MedPeft.Data.Datasets;

/// <summary>The kinds of problem a dataset can have.</summary>
internal enum ProblemKind
{
    MissingFile,
    MalformedJson,
    CorruptFile,
    MissingField,
    EmptyAnswer,
    BadValue,
    MissingImage,
    UnreadableImage,
    EmptySplit,
}

/// <summary>A problem found in a dataset: the file, where in it (a row or line; null for the whole file) and what is wrong.</summary>
internal sealed record DatasetProblem(ProblemKind Kind, string File, string? Location, string Message)
{
    public override string ToString() => Location is null ? $"{File}: {Message}" : $"{File}: {Location}: {Message}";
}
