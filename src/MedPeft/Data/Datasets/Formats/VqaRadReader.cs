using MedPeft.Data.Datasets.Json;

namespace MedPeft.Data.Datasets.Formats;

/// <summary>
/// VQA-RAD as released: <c>VQA_RAD Dataset Public.json</c> (a list of objects with <c>qid, image_name,
/// question, answer, answer_type, question_type, phrase_type, ...</c>; <c>answer</c> may be a JSON number,
/// <c>answer_type</c> may carry stray spaces) and the images in <c>VQA_RAD Image Folder/</c>. The release's
/// <c>phrase_type</c> splits it: <c>test_freeform</c> and <c>test_para</c> are test, the rest train; a
/// validation split is carved from train by image.
/// </summary>
internal sealed class VqaRadReader : IDatasetReader
{
    public const string JsonFile = "VQA_RAD Dataset Public.json";
    public const string ImageFolder = "VQA_RAD Image Folder";

    public string Format => "vqa-rad";
    public IReadOnlyList<DatasetTask> Tasks => [DatasetTask.Vqa];

    public DatasetIndex Read(string directory, DatasetOptions options, ProblemLog log)
    {
        var builder = new DatasetIndexBuilder(Format, directory, DatasetTask.Vqa, log);
        var file = Path.Combine(directory, JsonFile);
        var images = Path.Combine(directory, ImageFolder);
        JsonDatasetFile.ReadList(file, log, (index, item) =>
        {
            var qid = item.ValueKind == System.Text.Json.JsonValueKind.Object && item.TryGetProperty("qid", out var q) ? q.ToString() : null;
            var fields = new ItemFields(item, file, qid is null ? $"item {index}" : $"item {index} (qid {qid})", log);
            if (!fields.IsObject("a question object")) return;
            var phrase = fields.Text("phrase_type");
            var imageName = fields.NonEmptyText("image_name");
            var question = fields.NonEmptyText("question");
            var answer = fields.NonEmptyText("answer", ProblemKind.EmptyAnswer);
            if (phrase is null || imageName is null || question is null || answer is null) return;
            var image = builder.Image(images, imageName, file, fields.Location);
            if (image is null) return;
            var split = phrase.Trim() is "test_freeform" or "test_para" ? DatasetSplit.Test : DatasetSplit.Train;
            builder.Add(new DatasetRow(qid ?? index.ToString(), split, [image], question, answer,
                builder.AnswerType(fields.Text("answer_type", required: false), answer, file, fields.Location),
                fields.Text("question_type", required: false)?.Trim(), "en"));
        });
        return builder.Build(new Dictionary<DatasetSplit, string> { [DatasetSplit.Train] = file, [DatasetSplit.Test] = file }, options, carve: true);
    }
}
