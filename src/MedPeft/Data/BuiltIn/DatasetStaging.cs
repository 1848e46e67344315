using System.Text;
using MedPeft.IO;

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
        Directory = Leftovers.Beside(this.destination);
        try
        {
            System.IO.Directory.CreateDirectory(parent);
            Leftovers.CleanBeside(parent);
            Guard(() => System.IO.Directory.CreateDirectory(Path.Combine(Directory, "images")), 0);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new MedPeftException($"{this.destination}: cannot create the dataset folder here ({e.Message})", e);
        }
    }

    /// <summary>Runs a write of <paramref name="bytes"/> into the staging folder; a full disk names the destination's folder and the dataset's size so far.</summary>
    void Guard(Action write, long bytes)
    {
        try
        {
            write();
        }
        catch (IOException e) when (DiskFullException.IsDiskFull(e))
        {
            throw new DiskFullException(Path.GetDirectoryName(destination)!, DiskFullException.BytesIn(Directory) + bytes, $"the dataset {Path.GetFileName(destination)}", e);
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

    public void WriteImage(string fileName, byte[] png) => Guard(() => File.WriteAllBytes(Path.Combine(ImagesDirectory, fileName), png), png.Length);

    /// <summary>Writes dataset.json, the three JSONL files and annotation.json, then moves the folder into place.</summary>
    public void Commit(DatasetManifest manifest, IReadOnlyDictionary<string, int> imagesPerSplit,
        IReadOnlyDictionary<string, List<VqaRow>> questions, IReadOnlyList<ReportRow> reports)
    {
        foreach (var split in DatasetSplits.All)
            WriteFile($"{split}.jsonl", new UTF8Encoding(false).GetBytes(DatasetJson.Lines(questions.GetValueOrDefault(split) ?? [])));
        WriteFile("annotation.json", DatasetJson.Annotation(reports));
        WriteFile(DatasetManifest.FileName, DatasetJson.Manifest(manifest, imagesPerSplit, questions, reports));

        string? previous = null;
        if (System.IO.Directory.Exists(destination))
        {
            previous = Leftovers.Beside(destination, "old");
            System.IO.Directory.Move(destination, previous);
        }
        System.IO.Directory.Move(Directory, destination);
        committed = true;
        if (previous is not null) System.IO.Directory.Delete(previous, recursive: true);
    }

    void WriteFile(string name, byte[] bytes) => Guard(() => File.WriteAllBytes(Path.Combine(Directory, name), bytes), bytes.Length);

    public void Dispose()
    {
        if (!committed && System.IO.Directory.Exists(Directory)) System.IO.Directory.Delete(Directory, recursive: true);
    }
}
