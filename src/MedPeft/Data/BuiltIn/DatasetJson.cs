using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace MedPeft.Data.BuiltIn;

/// <summary>The JSON text of a built-in dataset's files, written field by field so the bytes never depend on serializer settings.</summary>
static class DatasetJson
{
    // Plain text (no \u0027 for an apostrophe): these files are read by people and JSON parsers, never embedded in HTML.
    static readonly JsonWriterOptions Compact = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
    static readonly JsonWriterOptions Indented = Compact with { Indented = true, NewLine = "\n" };

    public static string Lines(IEnumerable<VqaRow> rows)
    {
        var text = new StringBuilder();
        foreach (var row in rows)
        {
            text.Append(Write(writer =>
            {
                writer.WriteStartObject();
                writer.WriteString("id", row.Id);
                writer.WriteString("image", row.Image);
                writer.WriteString("question", row.Question);
                writer.WriteString("answer", row.Answer);
                writer.WriteString("answer_type", row.AnswerType);
                writer.WriteString("question_type", row.QuestionType);
                writer.WriteEndObject();
            }, Compact));
            text.Append('\n');
        }
        return text.ToString();
    }

    public static byte[] Annotation(IReadOnlyList<ReportRow> reports) => Encoding.UTF8.GetBytes(Write(writer =>
    {
        writer.WriteStartObject();
        foreach (var split in DatasetSplits.All.Select(DatasetSplits.ReportSplitName))
        {
            writer.WriteStartArray(split);
            foreach (var report in reports.Where(r => r.Split == split))
            {
                writer.WriteStartObject();
                writer.WriteString("id", report.Id);
                writer.WriteString("report", report.Report);
                writer.WriteStartArray("image_path");
                writer.WriteStringValue(report.ImageFile);
                writer.WriteEndArray();
                writer.WriteString("split", report.Split);
                writer.WriteEndObject();
            }
            writer.WriteEndArray();
        }
        writer.WriteEndObject();
    }, Indented) + "\n");

    public static byte[] Manifest(DatasetManifest manifest, IReadOnlyDictionary<string, int> imagesPerSplit,
        IReadOnlyDictionary<string, List<VqaRow>> questions, IReadOnlyList<ReportRow> reports) => Encoding.UTF8.GetBytes(Write(writer =>
    {
        writer.WriteStartObject();
        writer.WriteString("name", manifest.Name);
        writer.WriteNumber("version", manifest.Version);
        writer.WriteNumber("seed", manifest.Seed);
        writer.WriteNumber("image_size", manifest.ImageSize);
        writer.WriteStartObject("counts");
        void PerSplit(string name, Func<string, int> count)
        {
            writer.WriteStartObject(name);
            foreach (var split in DatasetSplits.All) writer.WriteNumber(split, count(split));
            writer.WriteEndObject();
        }
        IReadOnlyList<VqaRow> Rows(string split) => questions.GetValueOrDefault(split) ?? [];
        PerSplit("images", split => imagesPerSplit.GetValueOrDefault(split));
        PerSplit("questions", split => Rows(split).Count);
        PerSplit("closed", split => Rows(split).Count(r => r.IsClosed));
        PerSplit("open", split => Rows(split).Count(r => !r.IsClosed));
        PerSplit("reports", split => reports.Count(r => r.Split == DatasetSplits.ReportSplitName(split)));
        writer.WriteEndObject();
        Objects(writer, "sources", manifest.Sources, source =>
        {
            writer.WriteString("name", source.Name);
            writer.WriteString("package", source.Package);
            writer.WriteString("licence", source.Licence);
            writer.WriteNumber("files", source.Files);
        });
        if (manifest.Subjects.Count > 0)
        {
            Objects(writer, "subjects", manifest.Subjects, subject =>
            {
                writer.WriteString("id", subject.Id);
                writer.WriteString("modality", subject.Modality);
                writer.WriteString("region", subject.Region);
                writer.WriteString("package", subject.Package);
                writer.WriteString("split", subject.Split);
                writer.WriteNumber("images", subject.Images);
            });
        }
        writer.WriteStartObject("options");
        foreach (var (key, value) in manifest.Options) writer.WriteNumber(key, value);
        writer.WriteEndObject();
        writer.WriteStartArray("notes");
        foreach (var note in manifest.Notes) writer.WriteStringValue(note);
        writer.WriteEndArray();
        writer.WriteEndObject();
    }, Indented) + "\n");

    /// <summary>An array <paramref name="name"/> of one object per item, whose fields <paramref name="fields"/> writes.</summary>
    static void Objects<T>(Utf8JsonWriter writer, string name, IEnumerable<T> items, Action<T> fields)
    {
        writer.WriteStartArray(name);
        foreach (var item in items)
        {
            writer.WriteStartObject();
            fields(item);
            writer.WriteEndObject();
        }
        writer.WriteEndArray();
    }

    static string Write(Action<Utf8JsonWriter> write, JsonWriterOptions options)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, options)) write(writer);
        return Encoding.UTF8.GetString(buffer.ToArray());
    }
}
