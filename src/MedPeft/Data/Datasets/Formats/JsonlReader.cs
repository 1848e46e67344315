using System.Text.Json;
using MedPeft.Data.Datasets.Json;

namespace MedPeft.Data.Datasets.Formats;

/// <summary>
/// Generic JSON Lines: <c>train.jsonl</c>, <c>validation.jsonl</c> (or <c>val.jsonl</c>), <c>test.jsonl</c>,
/// one object per line with <c>id</c> (optional: the line number), <c>image</c> (a path relative to the
/// file's folder) or <c>images</c> (a list), and for VQA <c>question</c>, <c>answer</c>, optional
/// <c>answer_type</c>, <c>question_type</c>, <c>language</c>; for reports <c>report</c> (or <c>answer</c>).
/// Without a validation file, a validation split is carved from train by image.
/// </summary>
internal sealed class JsonlReader : IDatasetReader
{
    public string Format => "jsonl";
    public IReadOnlyList<DatasetTask> Tasks => [DatasetTask.Vqa, DatasetTask.Report];

    public DatasetIndex Read(string directory, DatasetOptions options, ProblemLog log) => Read(Format, directory, options, log);

    /// <param name="testOnly">Only an empty test split is a problem (a test-only set); no validation split is carved.</param>
    internal static DatasetIndex Read(string format, string directory, DatasetOptions options, ProblemLog log, bool testOnly = false)
    {
        var builder = new DatasetIndexBuilder(format, directory, options.Task, log);
        var validation = new[] { "validation.jsonl", "val.jsonl" }.Select(n => Path.Combine(directory, n)).FirstOrDefault(File.Exists);
        var files = new List<(DatasetSplit, string)> { (DatasetSplit.Train, Path.Combine(directory, "train.jsonl")) };
        if (validation is not null) files.Add((DatasetSplit.Validation, validation));
        files.Add((DatasetSplit.Test, Path.Combine(directory, "test.jsonl")));

        var splitFiles = new Dictionary<DatasetSplit, string>();
        foreach (var (split, file) in files)
            if (JsonDatasetFile.ReadLines(file, log, (line, item) => ReadLine(builder, file, split, line, item, log)) && (!testOnly || split == DatasetSplit.Test))
                splitFiles[split] = file;
        return builder.Build(splitFiles, options, carve: validation is null && !testOnly);
    }

    static void ReadLine(DatasetIndexBuilder builder, string file, DatasetSplit split, int line, JsonElement item, ProblemLog log)
    {
        var fields = new ItemFields(item, file, $"line {line}", log);
        if (!fields.IsObject("a JSON object per line")) return;
        var names = fields.Has("images") ? fields.TextList("images") : fields.Has("image") ? fields.TextList("image") : Missing(log, fields);
        string? question = null, answer;
        if (builder.Task == DatasetTask.Vqa)
        {
            question = fields.NonEmptyText("question");
            answer = fields.NonEmptyText("answer", ProblemKind.EmptyAnswer);
        }
        else answer = fields.NonEmptyText(fields.Has("report") || !fields.Has("answer") ? "report" : "answer", ProblemKind.EmptyAnswer);
        if (names is null || answer is null || (builder.Task == DatasetTask.Vqa && question is null)) return;
        if (names.Count == 0)
        {
            log.Add(ProblemKind.MissingField, file, fields.Location, "the image list is empty");
            return;
        }
        var folder = Path.GetDirectoryName(Path.GetFullPath(file))!;
        var images = names.Select(name => builder.Image(folder, name, file, fields.Location)).ToArray();
        if (images.Any(i => i is null)) return;
        var language = fields.Text("language", required: false);
        builder.Add(new DatasetRow(
            fields.Text("id", required: false) ?? $"{split.Name()}-{line}", split, images!, question, answer,
            builder.Task == DatasetTask.Vqa ? builder.AnswerType(fields.Text("answer_type", required: false), answer, file, fields.Location) : null,
            fields.Text("question_type", required: false)?.Trim(), language));
        if (language is not null) builder.SeeLanguage(language);
    }

    static IReadOnlyList<string>? Missing(ProblemLog log, ItemFields fields)
    {
        log.Add(ProblemKind.MissingField, fields.File, fields.Location, "field 'image' (or 'images') is missing");
        return null;
    }
}
