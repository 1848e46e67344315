namespace MedPeft.Data.Datasets;

/// <summary>
/// The rows of a dataset per split: text and image paths only, no image is decoded (images are read
/// per batch). Also what reading found: problems, notes, and how many distinct images were found or missing.
/// </summary>
internal sealed class DatasetIndex
{
    public string Format { get; }
    public string Root { get; }
    public DatasetTask Task { get; }
    public IReadOnlyDictionary<DatasetSplit, IReadOnlyList<DatasetRow>> Splits { get; }
    public IReadOnlyList<DatasetProblem> Problems { get; }
    public IReadOnlyList<DatasetProblem> Notes { get; }
    public int ImagesFound { get; }
    public int ImagesMissing { get; }
    /// <summary>Rows per question language in the files, including rows the language filter left out.</summary>
    public IReadOnlyDictionary<string, int> LanguagesSeen { get; }

    internal DatasetIndex(string format, string root, DatasetTask task, IReadOnlyDictionary<DatasetSplit, IReadOnlyList<DatasetRow>> splits,
        ProblemLog log, int imagesFound, int imagesMissing, IReadOnlyDictionary<string, int> languagesSeen)
    {
        Format = format;
        Root = root;
        Task = task;
        Splits = splits;
        Problems = log.Problems;
        Notes = log.Notes;
        ImagesFound = imagesFound;
        ImagesMissing = imagesMissing;
        LanguagesSeen = languagesSeen;
    }

    public IReadOnlyList<DatasetRow> this[DatasetSplit split] => Splits[split];

    public IEnumerable<DatasetRow> AllRows => Splits.Values.SelectMany(rows => rows);
}
