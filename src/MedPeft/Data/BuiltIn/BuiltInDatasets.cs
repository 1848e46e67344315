using MedPeft.Data.BuiltIn.Synthetic;

namespace MedPeft.Data.BuiltIn;

/// <summary>The synthetic dataset MedPeft makes on first use (the real one ships with it: <see cref="ShippedDatasets"/>).</summary>
internal static class BuiltInDatasets
{
    /// <summary>
    /// Makes sure <paramref name="directory"/> holds <c>builtin-synthetic</c> built with <paramref name="options"/>:
    /// reuses it when its dataset.json says so and its files are there, else (re)builds it.
    /// Returns true when it was built now.
    /// </summary>
    public static bool EnsureSynthetic(string directory, SyntheticOptions? options = null)
    {
        options ??= new SyntheticOptions();
        options.Validate();
        var existing = DatasetManifest.TryRead(directory);
        if (existing is not null && existing.SameBuildAs(SyntheticDatasetBuilder.Manifest(options)) && LayoutComplete(directory)) return false;
        SyntheticDatasetBuilder.Build(directory, options);
        return true;
    }

    static bool LayoutComplete(string directory) =>
        DatasetSplits.All.All(split => File.Exists(Path.Combine(directory, $"{split}.jsonl"))) &&
        File.Exists(Path.Combine(directory, "annotation.json")) &&
        Directory.Exists(Path.Combine(directory, "images"));
}
