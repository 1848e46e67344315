using System.Text;


namespace MedPeft.Data.BuiltIn;

/// <summary>
/// Builds a dataset in a hidden folder beside its destination and renames it into place at the end,
/// so a killed build leaves no half-written dataset. An existing dataset at the destination is
/// replaced only if it is a built-in dataset (has a dataset.json) or an empty folder.
/// </summary>
internal sealed class DatasetStaging : IDisposable
{
    readonly string destination;
    bool committed;

    /// <summary>The temporary dataset folder; images go to its <c>images/</c> sub-folder.</summary>
    public string Directory { get; }

    public string ImagesDirectory => Path.Combine(Directory, "images");

    public DatasetStaging(string destination)
    {
        this.destination = Path.GetFullPath(destination);
        CheckReplaceable(this.destination);
        var parent = Path.GetDirectoryName(this.destination)!;
        try
        {
            System.IO.Directory.CreateDirectory(parent);
            Directory = Path.Combine(parent, $".{Path.GetFileName(this.destination)}.{Environment.ProcessId}.{Guid.NewGuid():N}.tmp");
            System.IO.Directory.CreateDirectory(Path.Combine(Directory, "images"));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new MedPeftException($"{this.destination}: cannot create the dataset folder here ({e.Message})", e);
        }
    }

    static void CheckReplaceable(string destination)
    {
        if (File.Exists(destination)) throw new MedPeftException($"{destination}: is a file; give a folder for the dataset");
        if (!System.IO.Directory.Exists(destination)) return;
        if (File.Exists(Path.Combine(destination, DatasetManifest.FileName))) return;
        if (System.IO.Directory.EnumerateFileSystemEntries(destination).Any())
            throw new MedPeftException($"{destination}: folder exists and is not a built-in dataset (no {DatasetManifest.FileName}); choose an empty or new folder");
    }

    public void WriteImage(string fileName, byte[] png) => File.WriteAllBytes(Path.Combine(ImagesDirectory, fileName), png);

    /// <summary>Writes dataset.json, the three JSONL files and annotation.json, then moves the folder into place.</summary>
    public void Commit(DatasetManifest manifest, IReadOnlyDictionary<string, int> imagesPerSplit,
        IReadOnlyDictionary<string, List<VqaRow>> questions, IReadOnlyList<ReportRow> reports)
    {
        foreach (var split in DatasetSplits.All)
            File.WriteAllText(Path.Combine(Directory, $"{split}.jsonl"), DatasetJson.Lines(questions.GetValueOrDefault(split) ?? []), new UTF8Encoding(false));
        File.WriteAllBytes(Path.Combine(Directory, "annotation.json"), DatasetJson.Annotation(reports));
        File.WriteAllBytes(Path.Combine(Directory, DatasetManifest.FileName), DatasetJson.Manifest(manifest, imagesPerSplit, questions, reports));

        string? previous = null;
        if (System.IO.Directory.Exists(destination))
        {
            previous = Directory[..^".tmp".Length] + ".old";
            System.IO.Directory.Move(destination, previous);
        }
        System.IO.Directory.Move(Directory, destination);
        committed = true;
        if (previous is not null) System.IO.Directory.Delete(previous, recursive: true);
    }

    public void Dispose()
    {
        if (!committed && System.IO.Directory.Exists(Directory)) System.IO.Directory.Delete(Directory, recursive: true);
    }
}
