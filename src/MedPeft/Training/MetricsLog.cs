using System.Text.Json;
using System.Text.Json.Nodes;
using MedPeft.IO;

namespace MedPeft.Training;

/// <summary>
/// <c>metrics.jsonl</c>: one JSON object per line (a training log, an evaluation, the summary), each
/// with the optimizer step it belongs to. A resumed run first drops the lines after its checkpoint.
/// </summary>
internal sealed class MetricsLog(string path)
{
    public string Path { get; } = path;

    public void Append(JsonObject entry)
    {
        var line = entry.ToJsonString() + "\n";
        try
        {
            using var stream = new FileStream(Path, FileMode.Append, FileAccess.Write, FileShare.Read);
            using var writer = new StreamWriter(stream);
            writer.Write(line);
            writer.Flush();
            stream.Flush(flushToDisk: true);
        }
        catch (IOException e) when (DiskFullException.IsDiskFull(e))
        {
            // A half-written line is dropped when the run resumes (TruncateAfter).
            throw new DiskFullException(System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(Path))!, System.Text.Encoding.UTF8.GetByteCount(line),
                System.IO.Path.GetFileName(Path), e);
        }
    }

    /// <summary>
    /// Keeps only the entries of steps up to <paramref name="step"/>. A line that is not JSON (a half-written last
    /// line) goes too; an entry whose step is not an integer is a damaged file, refused naming the line.
    /// </summary>
    public void TruncateAfter(long step)
    {
        if (!File.Exists(Path)) return;
        var kept = new List<string>();
        int number = 0;
        foreach (var line in File.ReadLines(Path))
        {
            number++;
            JsonNode? entry;
            try
            {
                entry = JsonNode.Parse(line, documentOptions: new() { AllowDuplicateProperties = false });
            }
            catch (JsonException)
            {
                continue; // A line cut by a kill: dropped.
            }
            if (entry is JsonObject fields && StepOf(fields, number) <= step) kept.Add(line);
        }
        AtomicFile.WriteAllText(Path, kept.Count == 0 ? "" : string.Join("\n", kept) + "\n");
    }

    long? StepOf(JsonObject entry, int line) => entry["step"] switch
    {
        null => null,
        JsonValue value when value.TryGetValue<long>(out var step) => step,
        var other => throw new MedPeftException($"{Path} line {line}: field 'step' is {other.ToJsonString()}; expected an integer."),
    };

    public IEnumerable<JsonObject> Entries() =>
        File.Exists(Path) ? File.ReadLines(Path).Select(l => JsonNode.Parse(l) as JsonObject).OfType<JsonObject>() : Enumerable.Empty<JsonObject>();
}
