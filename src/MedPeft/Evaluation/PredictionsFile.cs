using System.Text.Encodings.Web;
using System.Text.Json;
using MedPeft.Evaluation.Metrics;
using MedPeft.IO;

namespace MedPeft.Evaluation;

/// <summary>
/// One line of a predictions file: the model's answer or report with its reference(s), plus the
/// fields Med-VQA scoring needs (<see cref="AnswerType"/>: CLOSED or OPEN) and optional context.
/// </summary>
public sealed record PredictionRecord(
    string Id, string Prediction, IReadOnlyList<string> References,
    string? AnswerType = null, string? Question = null, string? QuestionType = null, IReadOnlyList<string>? Images = null);

/// <summary>
/// The predictions file: JSON Lines, one object per line,
/// <c>{"id", "prediction", "reference": "..." | ["...", ...], "answer_type": "CLOSED"|"OPEN" (VQA),
/// "question", "question_type", "image": "..." | [...] (optional)}</c>. <c>id</c> may be a string or
/// an integer; other fields are ignored; blank lines are skipped. Every problem is a
/// <see cref="MedPeftException"/> naming the file and line.
/// </summary>
internal static class PredictionsFile
{
    static readonly JsonWriterOptions WriterOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>Reads and checks every record of <paramref name="path"/>.</summary>
    public static IReadOnlyList<PredictionRecord> Read(string path) => ReadWithLines(path).Select(r => r.Record).ToArray();

    /// <summary>Reads <paramref name="path"/> as Med-VQA answers: every record needs <c>answer_type</c> CLOSED or OPEN.</summary>
    public static IReadOnlyList<VqaItem> ReadVqa(string path) =>
        ReadWithLines(path).Select(r => new VqaItem(r.Record.Id, r.Record.Prediction, r.Record.References,
            r.Record.AnswerType switch
            {
                "CLOSED" => VqaAnswerType.Closed,
                "OPEN" => VqaAnswerType.Open,
                null => throw new MedPeftException($"{path} line {r.Line}: missing field \"answer_type\" (\"CLOSED\" or \"OPEN\"), needed to score VQA"),
                var other => throw new MedPeftException($"{path} line {r.Line}: answer_type is \"{other}\"; expected \"CLOSED\" or \"OPEN\""),
            },
            r.Record.QuestionType)).ToArray();

    /// <summary>Reads <paramref name="path"/> as generated reports.</summary>
    public static IReadOnlyList<ReportPair> ReadReports(string path) =>
        Read(path).Select(r => new ReportPair(r.Id, r.Prediction, r.References)).ToArray();

    /// <summary>Writes <paramref name="records"/> to <paramref name="path"/> atomically (a reader never sees half a file).</summary>
    public static void Write(string path, IEnumerable<PredictionRecord> records) =>
        AtomicFile.Write(path, stream =>
        {
            foreach (var record in records)
            {
                using (var writer = new Utf8JsonWriter(stream, WriterOptions)) WriteRecord(writer, record);
                stream.WriteByte((byte)'\n');
            }
        });

    static void WriteRecord(Utf8JsonWriter writer, PredictionRecord record)
    {
        writer.WriteStartObject();
        writer.WriteString("id", record.Id);
        writer.WriteString("prediction", record.Prediction);
        WriteOneOrMany(writer, "reference", record.References);
        if (record.AnswerType is not null) writer.WriteString("answer_type", record.AnswerType);
        if (record.Question is not null) writer.WriteString("question", record.Question);
        if (record.QuestionType is not null) writer.WriteString("question_type", record.QuestionType);
        if (record.Images is not null) WriteOneOrMany(writer, "image", record.Images);
        writer.WriteEndObject();
    }

    static void WriteOneOrMany(Utf8JsonWriter writer, string name, IReadOnlyList<string> values)
    {
        if (values.Count == 1)
        {
            writer.WriteString(name, values[0]);
            return;
        }
        writer.WriteStartArray(name);
        foreach (var value in values) writer.WriteStringValue(value);
        writer.WriteEndArray();
    }

    static List<(PredictionRecord Record, int Line)> ReadWithLines(string path)
    {
        if (!File.Exists(path)) throw new MedPeftException($"{path}: predictions file not found");
        var records = new List<(PredictionRecord, int)>();
        var firstLineOfId = new Dictionary<string, int>(StringComparer.Ordinal);
        var lineNumber = 0;
        foreach (var line in File.ReadLines(path))
        {
            lineNumber++;
            if (string.IsNullOrWhiteSpace(line)) continue;
            var record = ParseLine(line, $"{path} line {lineNumber}");
            if (firstLineOfId.TryGetValue(record.Id, out var first))
                throw new MedPeftException($"{path} line {lineNumber}: duplicate id \"{record.Id}\" (first on line {first})");
            firstLineOfId[record.Id] = lineNumber;
            records.Add((record, lineNumber));
        }
        if (records.Count == 0) throw new MedPeftException($"{path}: predictions file is empty; expected one JSON object per line");
        return records;
    }

    static PredictionRecord ParseLine(string line, string where)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(line);
        }
        catch (JsonException e)
        {
            throw new MedPeftException($"{where}: not valid JSON ({e.Message})", e);
        }
        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object) throw new MedPeftException($"{where}: expected a JSON object, found {root.ValueKind}");
            return new PredictionRecord(
                Id(root, where),
                RequiredString(root, "prediction", where),
                OneOrMany(root, "reference", where) ?? throw Missing("reference", "a string or a list of strings", where),
                OptionalString(root, "answer_type", where),
                OptionalString(root, "question", where),
                OptionalString(root, "question_type", where),
                OneOrMany(root, "image", where));
        }
    }

    static string Id(JsonElement root, string where)
    {
        if (!root.TryGetProperty("id", out var id) || id.ValueKind == JsonValueKind.Null) throw Missing("id", "a string or an integer", where);
        return id.ValueKind switch
        {
            JsonValueKind.String when id.GetString() is { Length: > 0 } text => text,
            JsonValueKind.Number when id.TryGetInt64(out var number) => number.ToString(System.Globalization.CultureInfo.InvariantCulture),
            _ => throw new MedPeftException($"{where}: \"id\" must be a non-empty string or an integer, found {id.GetRawText()}"),
        };
    }

    static string RequiredString(JsonElement root, string name, string where) =>
        OptionalString(root, name, where) ?? throw Missing(name, "a string", where);

    static string? OptionalString(JsonElement root, string name, string where)
    {
        if (!root.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null) return null;
        return value.ValueKind == JsonValueKind.String
            ? value.GetString()!
            : throw new MedPeftException($"{where}: \"{name}\" must be a string, found {value.ValueKind}");
    }

    static IReadOnlyList<string>? OneOrMany(JsonElement root, string name, string where)
    {
        if (!root.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null) return null;
        if (value.ValueKind == JsonValueKind.String) return [value.GetString()!];
        if (value.ValueKind == JsonValueKind.Array && value.GetArrayLength() > 0 && value.EnumerateArray().All(v => v.ValueKind == JsonValueKind.String))
            return value.EnumerateArray().Select(v => v.GetString()!).ToArray();
        throw new MedPeftException($"{where}: \"{name}\" must be a string or a non-empty list of strings, found {value.GetRawText()}");
    }

    static MedPeftException Missing(string name, string expected, string where) =>
        new($"{where}: missing field \"{name}\" ({expected})");
}
