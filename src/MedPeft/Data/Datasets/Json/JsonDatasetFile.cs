using System.Text.Json;

namespace MedPeft.Data.Datasets.Json;

/// <summary>
/// Opens a dataset's JSON or JSONL file for a reader, turning a missing file, malformed JSON or an
/// unexpected top-level shape into problems that name the file and the line.
/// </summary>
static class JsonDatasetFile
{
    /// <summary>The items of a file whose top level is a list (VQA-RAD, SLAKE). False when the file is missing.</summary>
    public static bool ReadList(string path, ProblemLog log, Action<int, JsonElement> onItem) =>
        Read(path, log, (group, index, item) =>
        {
            if (group is not null) throw new TopLevelShape("expected a JSON list of items at the top level, found an object");
            onItem(index, item);
        });

    /// <summary>The items of each list-valued property of a top-level object (R2Gen's <c>{"train": [...], ...}</c>).</summary>
    public static bool ReadGroups(string path, ProblemLog log, Action<string, int, JsonElement> onItem) =>
        Read(path, log, (group, index, item) =>
        {
            if (group is null) throw new TopLevelShape("expected a JSON object of splits at the top level, found a list");
            onItem(group, index, item);
        });

    /// <summary>The objects of a JSON Lines file, one per non-blank line, with their 1-based line numbers.</summary>
    public static bool ReadLines(string path, ProblemLog log, Action<int, JsonElement> onItem)
    {
        if (!Exists(path, log)) return false;
        using var reader = new StreamReader(path);
        int number = 0;
        while (reader.ReadLine() is { } line)
        {
            number++;
            if (string.IsNullOrWhiteSpace(line)) continue;
            JsonDocument document;
            try { document = JsonDocument.Parse(line); }
            catch (JsonException e)
            {
                log.Add(ProblemKind.MalformedJson, path, $"line {number}", $"malformed JSON ({FirstSentence(e.Message)})");
                continue;
            }
            using (document)
            {
                try { onItem(number, document.RootElement); }
                catch (InvalidOperationException e) when (IsInvalidUtf8(e)) { log.Add(ProblemKind.MalformedJson, path, $"line {number}", "not valid UTF-8 text"); }
            }
        }
        return true;
    }

    static bool Read(string path, ProblemLog log, Action<string?, int, JsonElement> onItem)
    {
        if (!Exists(path, log)) return false;
        try { JsonItemStream.Read(path, onItem); }
        catch (TopLevelShape e) { log.Add(ProblemKind.MalformedJson, path, null, e.Message); }
        catch (InvalidOperationException e) when (IsInvalidUtf8(e)) { log.Add(ProblemKind.MalformedJson, path, null, "not valid UTF-8 text; items before it were read"); }
        catch (JsonException e)
        {
            var at = e.LineNumber is long line ? $"line {line + 1}" : null;
            log.Add(ProblemKind.MalformedJson, path, at, $"malformed JSON ({FirstSentence(e.Message)}); items before it were read");
        }
        return true;
    }

    /// <summary>System.Text.Json decodes a string's UTF-8 only when it is read, and then throws this.</summary>
    static bool IsInvalidUtf8(InvalidOperationException e) => e.InnerException is System.Text.DecoderFallbackException;

    static bool Exists(string path, ProblemLog log)
    {
        if (File.Exists(path)) return true;
        log.Add(ProblemKind.MissingFile, path, null, "file not found");
        return false;
    }

    /// <summary>System.Text.Json messages carry a "Path: ... | LineNumber: ..." tail; the line is reported separately.</summary>
    static string FirstSentence(string message)
    {
        int cut = message.IndexOf(" Path:", StringComparison.Ordinal);
        return (cut > 0 ? message[..cut] : message).TrimEnd('.', ' ');
    }

    sealed class TopLevelShape(string message) : Exception(message);
}
