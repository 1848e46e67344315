using MedPeft.Data.BuiltIn.Real;

namespace MedPeft.Data.BuiltIn;

/// <summary>
/// The built-in datasets that come with MedPeft, so the default comparison reads the same data on every
/// machine with nothing to install. The build copies the repository's <c>data/builtin-real</c> and
/// <c>data/builtin-real-ood</c> beside the assemblies (<c>builtin-data/...</c>), as separate files with their
/// licences (<c>SOURCES.md</c>): part of the images are GPL-2 and stay out of the MIT-licensed binaries.
/// </summary>
internal static class ShippedDatasets
{
    /// <summary>The folder beside the assemblies that holds the shipped sets.</summary>
    public const string FolderName = "builtin-data";

    /// <summary>Where the shipped <c>builtin-real</c> is expected.</summary>
    public static string RealDirectory => Path.Combine(AppContext.BaseDirectory, FolderName, RealDatasetBuilder.Name);

    /// <summary>Where the shipped <c>builtin-real-ood</c> is expected.</summary>
    public static string RealOodDirectory => Path.Combine(AppContext.BaseDirectory, FolderName, RealDatasetBuilder.OodName);

    /// <summary>The shipped <c>builtin-real</c> folder; a <see cref="MedPeftException"/> when the installation lacks it.</summary>
    public static string Real() => Existing(RealDirectory, RealDatasetBuilder.Name);

    /// <summary>The shipped <c>builtin-real-ood</c> folder (test questions only); a <see cref="MedPeftException"/> when the installation lacks it.</summary>
    public static string RealOod() => Existing(RealOodDirectory, RealDatasetBuilder.OodName);

    static string Existing(string directory, string name)
    {
        if (!File.Exists(Path.Combine(directory, DatasetManifest.FileName)))
            throw new MedPeftException($"the shipped {name} set is missing: {directory} has no {DatasetManifest.FileName} " +
                "(the installation is incomplete: reinstall MedPeft, or rebuild the set from the packages with 'medpeft data build-real --from <folder>' and pass it as a dataset folder)");
        return directory;
    }
}
