using MedPeft.Data.Datasets;

namespace MedPeft.Experiments;

/// <summary>
/// A further test set a comparison scores every trained method and the zero-shot model on, without
/// training on it: the test split of <paramref name="Data"/> read as <paramref name="Format"/>. Its
/// scores sit in the rows beside the in-distribution ones under keys <c>score@name</c>
/// (<c>overall_accuracy@builtin-real-ood</c>).
/// </summary>
/// <param name="Name">The set's name in keys, columns and folders: the folder's name.</param>
internal sealed record TestSet(string Name, string Format, string Data)
{
    const char Separator = '@';

    /// <summary>The set of the test split of <paramref name="data"/>, named after its folder.</summary>
    public static TestSet Of(string format, string data) =>
        new(Path.GetFileName(Path.TrimEndingDirectorySeparator(Path.GetFullPath(data))), format, data);

    /// <summary>The key of <paramref name="score"/> on this set: <c>overall_accuracy@name</c>.</summary>
    public string Key(string score) => $"{score}{Separator}{Name}";

    /// <summary>A score key's score and test set: (<c>overall_accuracy</c>, <c>name</c>), the set null for the in-distribution test split.</summary>
    public static (string Score, string? Set) Split(string key) =>
        key.IndexOf(Separator) is var at and >= 0 ? (key[..at], key[(at + 1)..]) : (key, null);

    /// <summary>The scores of this set under their keys.</summary>
    public IReadOnlyDictionary<string, double?> Keyed(IReadOnlyDictionary<string, double?> scores) =>
        scores.ToDictionary(s => Key(s.Key), s => s.Value);

    /// <summary>Reads the set's test split; a <see cref="MedPeftException"/> naming the set when it has none.</summary>
    public IReadOnlyList<DatasetRow> TestRows(DatasetTask task, int seed)
    {
        var rows = DatasetFormats.Read(Format, Data, new DatasetOptions(task, Seed: seed))[DatasetSplit.Test];
        if (rows.Count == 0)
            throw new MedPeftException($"test set '{Name}' ({Format} at {Data}) has no {task.Name()} rows in its test split; expected a dataset with a test split to score the methods on");
        return rows;
    }
}
