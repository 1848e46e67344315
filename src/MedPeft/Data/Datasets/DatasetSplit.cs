namespace MedPeft.Data.Datasets;

/// <summary>The three splits every dataset index has.</summary>
public enum DatasetSplit
{
    /// <summary>The rows a model learns from.</summary>
    Train,
    /// <summary>The rows that pick the best checkpoint and decide early stopping.</summary>
    Validation,
    /// <summary>The rows a model is scored on once, at the end.</summary>
    Test,
}

/// <summary>What the rows of a dataset are for: question answering, or report generation.</summary>
public enum DatasetTask
{
    /// <summary>Medical visual question answering: an image and a question, a short answer.</summary>
    Vqa,
    /// <summary>Report generation: an image (or several), a findings text.</summary>
    Report,
}

/// <summary>Whether a question is closed (answered yes or no) or open.</summary>
internal enum AnswerType
{
    Closed,
    Open,
}

internal static class DatasetNames
{
    /// <summary>The lower-case name used in output and JSON: train, validation, test.</summary>
    public static string Name(this DatasetSplit split) => split.ToString().ToLowerInvariant();

    public static string Name(this DatasetTask task) => task == DatasetTask.Vqa ? "vqa" : "report";

    public static string Name(this AnswerType type) => type == AnswerType.Closed ? "closed" : "open";

    public static DatasetTask ParseTask(string text) => text.Trim().ToLowerInvariant() switch
    {
        "vqa" => DatasetTask.Vqa,
        "report" => DatasetTask.Report,
        _ => throw new MedPeftException($"unknown task '{text}' (expected vqa or report)."),
    };
}
