using MedPeft.Data.Datasets.Json;

namespace MedPeft.Data.Datasets.Formats;

/// <summary>
/// SLAKE as released: <c>train.json</c>, <c>validate.json</c>, <c>test.json</c> (lists of objects with
/// <c>img_id, img_name, question, answer, q_lang, location, modality, answer_type, base_type,
/// content_type, triple, qid</c>) and the images under <c>imgs/</c> (<c>img_name</c> is e.g.
/// <c>xmlab0/source.jpg</c>). Rows in other languages than the <c>q_lang</c> filter are left out
/// (counted in <see cref="DatasetIndex.LanguagesSeen"/>); <c>content_type</c> is the question type.
/// </summary>
internal sealed class SlakeReader : IDatasetReader
{
    public const string ImageFolder = "imgs";

    static readonly (DatasetSplit Split, string File)[] Files =
        [(DatasetSplit.Train, "train.json"), (DatasetSplit.Validation, "validate.json"), (DatasetSplit.Test, "test.json")];

    public string Format => "slake";
    public IReadOnlyList<DatasetTask> Tasks => [DatasetTask.Vqa];

    public DatasetIndex Read(string directory, DatasetOptions options, ProblemLog log)
    {
        var language = options.QuestionLanguage.Trim().ToLowerInvariant();
        if (language is not ("en" or "zh" or "all")) throw new MedPeftException($"unknown q_lang '{options.QuestionLanguage}' (expected en, zh or all).");
        var builder = new DatasetIndexBuilder(Format, directory, DatasetTask.Vqa, log);
        var images = Path.Combine(directory, ImageFolder);
        var splitFiles = new Dictionary<DatasetSplit, string>();
        foreach (var (split, name) in Files)
        {
            var file = Path.Combine(directory, name);
            if (!JsonDatasetFile.ReadList(file, log, (index, item) => ReadItem(builder, file, split, index, item, images, language, log))) continue;
            splitFiles[split] = file;
        }
        return builder.Build(splitFiles, options, carve: false);
    }

    static void ReadItem(DatasetIndexBuilder builder, string file, DatasetSplit split, int index, System.Text.Json.JsonElement item,
        string images, string language, ProblemLog log)
    {
        var qid = item.ValueKind == System.Text.Json.JsonValueKind.Object && item.TryGetProperty("qid", out var q) ? q.ToString() : null;
        var fields = new ItemFields(item, file, qid is null ? $"item {index}" : $"item {index} (qid {qid})", log);
        if (!fields.IsObject("a question object")) return;
        var rowLanguage = fields.NonEmptyText("q_lang");
        if (rowLanguage is null) return;
        builder.SeeLanguage(rowLanguage);
        if (language != "all" && rowLanguage != language) return;
        var imageName = fields.NonEmptyText("img_name");
        var question = fields.NonEmptyText("question");
        var answer = fields.NonEmptyText("answer", ProblemKind.EmptyAnswer);
        if (imageName is null || question is null || answer is null) return;
        var image = builder.Image(images, imageName, file, fields.Location);
        if (image is null) return;
        builder.Add(new DatasetRow(qid ?? $"{split.Name()}-{index}", split, [image], question, answer,
            builder.AnswerType(fields.Text("answer_type", required: false), answer, file, fields.Location),
            fields.Text("content_type", required: false)?.Trim(), rowLanguage));
    }
}
