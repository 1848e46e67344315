using System.Text.Json;
using MedPeft.Data.Datasets.Json;

namespace MedPeft.Data.Datasets.Formats;

/// <summary>
/// Report sets in the R2Gen layout: <c>annotation.json</c> = <c>{"train"|"val"|"test": [{"id", "report",
/// "image_path": [...], ...}]}</c> with image paths relative to <c>images/</c>. IU-Xray rows have two
/// views (frontal and lateral), MIMIC-CXR rows one or more.
/// </summary>
internal sealed class R2GenReader(string format, int? views) : IDatasetReader
{
    public const string AnnotationFile = "annotation.json";
    public const string ImageFolder = "images";

    public static readonly R2GenReader IuXray = new("iu-xray", 2);
    public static readonly R2GenReader MimicCxr = new("mimic-cxr", null);

    static readonly Dictionary<string, DatasetSplit> Groups = new()
    {
        ["train"] = DatasetSplit.Train, ["val"] = DatasetSplit.Validation, ["test"] = DatasetSplit.Test,
    };

    public string Format => format;
    public IReadOnlyList<DatasetTask> Tasks => [DatasetTask.Report];

    public DatasetIndex Read(string directory, DatasetOptions options, ProblemLog log) => Read(format, views, directory, options, log);

    /// <param name="testOnly">Only an empty test group is a problem (a test-only set).</param>
    internal static DatasetIndex Read(string format, int? views, string directory, DatasetOptions options, ProblemLog log, bool testOnly = false)
    {
        var builder = new DatasetIndexBuilder(format, directory, DatasetTask.Report, log);
        var file = Path.Combine(directory, AnnotationFile);
        var images = Path.Combine(directory, ImageFolder);
        var ignored = new HashSet<string>();
        bool found = JsonDatasetFile.ReadGroups(file, log, (group, index, item) =>
        {
            if (!Groups.TryGetValue(group, out var split))
            {
                if (ignored.Add(group)) log.Note(file, null, $"group '{group}' is not train, val or test: ignored");
                return;
            }
            ReadItem(builder, file, split, group, index, item, images, views, log);
        });
        var splitFiles = found ? Groups.Values.Where(s => !testOnly || s == DatasetSplit.Test).ToDictionary(s => s, _ => file) : [];
        return builder.Build(splitFiles, options, carve: false);
    }

    static void ReadItem(DatasetIndexBuilder builder, string file, DatasetSplit split, string group, int index, JsonElement item,
        string images, int? views, ProblemLog log)
    {
        var id = item.ValueKind == JsonValueKind.Object && item.TryGetProperty("id", out var i) ? i.ToString() : null;
        var fields = new ItemFields(item, file, id is null ? $"{group} item {index}" : $"{group} item {index} (id {id})", log);
        if (!fields.IsObject("a report object")) return;
        id = fields.Text("id");
        var report = fields.NonEmptyText("report", ProblemKind.EmptyAnswer);
        var names = fields.TextList("image_path");
        if (report is null || names is null || id is null) return;
        if (names.Count == 0 || (views is int expected && names.Count != expected))
        {
            log.Add(ProblemKind.BadValue, file, fields.Location,
                $"image_path has {names.Count} path(s), expected {(views is int v ? v.ToString() : "at least 1")}");
            return;
        }
        var paths = names.Select(name => builder.Image(images, name, file, fields.Location)).ToArray();
        if (paths.Any(p => p is null)) return;
        builder.Add(new DatasetRow(id, split, paths!, null, report, null));
    }
}
