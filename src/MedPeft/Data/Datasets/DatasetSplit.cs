namespace MedPeft.Data.Datasets;

/// <summary>The three splits every dataset index has.</summary>
public enum DatasetSplit
{
    Train,
    Validation,
    Test,
}

/// <summary>What the rows of a dataset are for: question answering, or report generation.</summary>
public enum DatasetTask
{
    Vqa,
    Report,
}

/// <summary>Whether a question is closed (answered yes or no) or open.</summary>
public enum AnswerType
{
    Closed,
    Open,
}

public static class DatasetNames
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
