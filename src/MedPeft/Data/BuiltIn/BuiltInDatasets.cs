using MedPeft.Data.BuiltIn.Synthetic;
using MedPeft.IO;

namespace MedPeft.Data.BuiltIn;

/// <summary>The synthetic dataset MedPeft makes on first use (the real one ships with it: <see cref="ShippedDatasets"/>).</summary>
internal static class BuiltInDatasets
{
    /// <summary>
    /// Makes sure <paramref name="directory"/> holds <c>builtin-synthetic</c> built with <paramref name="options"/>:
    /// reuses it when its dataset.json says so and its files are there, else (re)builds it. Processes that need it
    /// at once build it once: the others wait on its lock (<see cref="FolderLock"/>, saying so on
    /// <paramref name="log"/>) and take the finished folder. Returns true when it was built now.
    /// </summary>
    public static bool EnsureSynthetic(string directory, SyntheticOptions? options = null, TextWriter? log = null)
    {
        options ??= new SyntheticOptions();
        options.Validate();
        log ??= TextWriter.Null;
        var wanted = SyntheticDatasetBuilder.Manifest(options);
        return FolderLock.Ensure(directory, () => IsBuilt(directory, wanted), () =>
        {
            log.WriteLine($"building the dataset {SyntheticDatasetBuilder.Name} (seed {options.Seed}, {options.Images} images of {options.ImageSize} px) into {directory}");
            SyntheticDatasetBuilder.Build(directory, options);
        }, log, $"building the dataset {directory}");
    }

    static bool IsBuilt(string directory, DatasetManifest wanted) =>
        DatasetManifest.TryRead(directory) is { } existing && existing.SameBuildAs(wanted) && LayoutComplete(directory);

    static bool LayoutComplete(string directory) =>
        DatasetSplits.All.All(split => File.Exists(Path.Combine(directory, $"{split}.jsonl"))) &&
        File.Exists(Path.Combine(directory, "annotation.json")) &&
        Directory.Exists(Path.Combine(directory, "images"));
}
