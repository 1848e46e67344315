using System.Text.Json;

namespace MedPeft.Data.Datasets.Formats;

/// <summary>
/// A built-in dataset folder (<c>builtin-synthetic</c>, <c>builtin-real</c> or <c>builtin-real-ood</c>): <c>dataset.json</c>
/// naming the set, VQA rows in the JSONL layout (<c>train.jsonl</c>, <c>validation.jsonl</c>,
/// <c>test.jsonl</c>) and report rows in the R2Gen layout (<c>annotation.json</c>, images under <c>images/</c>).
/// </summary>
/// <param name="testOnly">A test-only set: its train and validation files are empty by design, which is then no problem.</param>
internal sealed class BuiltinReader(string format, bool testOnly = false) : IDatasetReader
{
    public const string DescriptionFile = "dataset.json";

    public static readonly BuiltinReader Synthetic = new("builtin-synthetic");
    public static readonly BuiltinReader Real = new("builtin-real");
    public static readonly BuiltinReader RealOod = new("builtin-real-ood", testOnly: true);

    public string Format => format;
    public IReadOnlyList<DatasetTask> Tasks => [DatasetTask.Vqa, DatasetTask.Report];

    public DatasetIndex Read(string directory, DatasetOptions options, ProblemLog log)
    {
        CheckDescription(Path.Combine(directory, DescriptionFile), log);
        return options.Task == DatasetTask.Vqa
            ? JsonlReader.Read(format, directory, options, log, testOnly)
            : R2GenReader.Read(format, null, directory, options, log, testOnly);
    }

    void CheckDescription(string path, ProblemLog log)
    {
        if (!File.Exists(path))
        {
            log.Add(ProblemKind.MissingFile, path, null, $"file not found (a {format} folder has a dataset.json)");
            return;
        }
        try
        {
            using var document = JsonDocument.Parse(File.ReadAllText(path));
            var name = document.RootElement.ValueKind == JsonValueKind.Object && document.RootElement.TryGetProperty("name", out var n) ? n.ToString() : null;
            if (name != format) log.Add(ProblemKind.BadValue, path, null, $"field 'name' is '{name}', expected '{format}'");
        }
        catch (JsonException e)
        {
            log.Add(ProblemKind.MalformedJson, path, null, $"malformed JSON ({e.Message})");
        }
    }
}
