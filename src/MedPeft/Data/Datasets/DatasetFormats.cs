using MedPeft.Data.Datasets.Formats;

namespace MedPeft.Data.Datasets;

/// <summary>The dataset formats by their command-line names.</summary>
internal static class DatasetFormats
{
    static readonly IDatasetReader[] Readers =
    [
        new SlakeReader(), new VqaRadReader(), new PathVqaReader(), new JsonlReader(),
        R2GenReader.IuXray, R2GenReader.MimicCxr, BuiltinReader.Real, BuiltinReader.RealOod, BuiltinReader.Synthetic,
    ];

    public static IReadOnlyList<string> Names { get; } = Readers.Select(r => r.Format).ToArray();

    public static IDatasetReader Get(string format) =>
        Readers.FirstOrDefault(r => r.Format == format.Trim().ToLowerInvariant())
        ?? throw new MedPeftException($"unknown dataset format '{format}' (expected one of: {string.Join(", ", Names)}).");

    /// <summary>
    /// Reads a dataset for training or evaluation: the first problem (missing file or image, missing
    /// field, empty answer, malformed JSON, empty split) throws a <see cref="MedPeftException"/> naming file and row.
    /// </summary>
    public static DatasetIndex Read(string format, string directory, DatasetOptions? options = null)
    {
        options ??= DatasetOptions.Default;
        var reader = Get(format);
        if (!Directory.Exists(directory)) throw new MedPeftException($"{directory}: dataset folder not found.");
        if (!reader.Tasks.Contains(options.Task))
            throw new MedPeftException($"the {reader.Format} format holds {string.Join(" and ", reader.Tasks.Select(t => t.Name()))} rows, not {options.Task.Name()} rows.");
        return reader.Read(Path.GetFullPath(directory), options, new ProblemLog(strict: true));
    }
}
