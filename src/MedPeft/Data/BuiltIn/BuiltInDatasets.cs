using MedPeft.Data.BuiltIn.Real;
using MedPeft.Data.BuiltIn.Synthetic;

namespace MedPeft.Data.BuiltIn;

/// <summary>The datasets MedPeft makes itself, so a first run needs no download.</summary>
public static class BuiltInDatasets
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

    /// <summary>
    /// Makes sure <paramref name="directory"/> holds <c>builtin-real</c> built with <paramref name="seed"/> from the
    /// installed packages: reuses a matching build, else builds it. Returns true when it was built now.
    /// Throws <see cref="MissingRealPackagesException"/> (naming the packages) where they are not installed,
    /// so a caller can fall back to <see cref="EnsureSynthetic"/>.
    /// </summary>
    public static bool EnsureReal(string directory, long seed = 42)
    {
        RealSources.Locate(null);
        var existing = DatasetManifest.TryRead(directory);
        if (existing is not null && existing.Name == RealDatasetBuilder.Name && existing.Version == RealDatasetBuilder.Version && existing.Seed == seed &&
            existing.Options.Contains(KeyValuePair.Create("generator_version", RealDatasetBuilder.GeneratorVersion)) && LayoutComplete(directory)) return false;
        RealDatasetBuilder.Build(directory, from: null, seed);
        return true;
    }

    static bool LayoutComplete(string directory) =>
        DatasetSplits.All.All(split => File.Exists(Path.Combine(directory, $"{split}.jsonl"))) &&
        File.Exists(Path.Combine(directory, "annotation.json")) &&
        Directory.Exists(Path.Combine(directory, "images"));
}
