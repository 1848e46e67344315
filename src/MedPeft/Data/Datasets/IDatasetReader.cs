namespace MedPeft.Data.Datasets;

/// <summary>Reads one dataset format from a folder laid out as the public set ships it.</summary>
internal interface IDatasetReader
{
    /// <summary>The format's name on the command line (<c>vqa-rad</c>, <c>slake</c>, ...).</summary>
    string Format { get; }

    /// <summary>The tasks the format holds rows for.</summary>
    IReadOnlyList<DatasetTask> Tasks { get; }

    /// <summary>Indexes the rows of every split; problems go to <paramref name="log"/> (strict: the first one throws).</summary>
    DatasetIndex Read(string directory, DatasetOptions options, ProblemLog log);
}
