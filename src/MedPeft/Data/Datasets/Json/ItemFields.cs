using System.Text.Json;

namespace MedPeft.Data.Datasets.Json;

/// <summary>
/// Reads the fields of one dataset item (a JSON object) and reports what is missing or mistyped to
/// the problem log with the file and the item's location.
/// </summary>
sealed class ItemFields(JsonElement item, string file, string location, ProblemLog log)
{
    public string File { get; } = file;
    public string Location { get; } = location;

    public bool IsObject(string expected)
    {
        if (item.ValueKind == JsonValueKind.Object) return true;
        log.Add(ProblemKind.BadValue, File, Location, $"expected {expected}, found a JSON {item.ValueKind.ToString().ToLowerInvariant()}");
        return false;
    }

    public bool Has(string name) => item.TryGetProperty(name, out var v) && v.ValueKind != JsonValueKind.Null;

    /// <summary>
    /// A text field; a JSON number is taken as its literal text (VQA-RAD ships some answers as numbers).
    /// Null, and a problem when <paramref name="required"/>, if the field is missing or not text.
    /// </summary>
    public string? Text(string name, bool required = true)
    {
        if (!item.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            if (required) log.Add(ProblemKind.MissingField, File, Location, $"field '{name}' is missing");
            return null;
        }
        return value.ValueKind switch
        {
            JsonValueKind.String => Decode(name, value),
            JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False => value.GetRawText(),
            _ => Wrong<string>(name, value, "text"),
        };
    }

    /// <summary>A text field that must also be non-blank (an answer, a question, a report).</summary>
    public string? NonEmptyText(string name, ProblemKind whenEmpty = ProblemKind.MissingField)
    {
        var text = Text(name);
        if (text is null) return null;
        if (!string.IsNullOrWhiteSpace(text)) return text.Trim();
        log.Add(whenEmpty, File, Location, $"field '{name}' is empty");
        return null;
    }

    /// <summary>A list of strings, or a single string taken as a one-element list.</summary>
    public IReadOnlyList<string>? TextList(string name, bool required = true)
    {
        if (!item.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            if (required) log.Add(ProblemKind.MissingField, File, Location, $"field '{name}' is missing");
            return null;
        }
        if (value.ValueKind == JsonValueKind.String) return Decode(name, value) is { } single ? [single] : null;
        if (value.ValueKind != JsonValueKind.Array || value.EnumerateArray().Any(v => v.ValueKind != JsonValueKind.String))
            return Wrong<IReadOnlyList<string>>(name, value, "a list of strings");
        var texts = new List<string>();
        foreach (var element in value.EnumerateArray())
        {
            if (Decode(name, element) is not { } text) return null;
            texts.Add(text);
        }
        return texts;
    }

    /// <summary>A JSON string's text; null, and a problem, when its bytes are not valid UTF-8 (the JSON reader checks them only now).</summary>
    string? Decode(string name, JsonElement value)
    {
        try { return value.GetString(); }
        catch (InvalidOperationException e) when (e.InnerException is System.Text.DecoderFallbackException)
        {
            log.Add(ProblemKind.BadValue, File, Location, $"field '{name}' is not valid UTF-8 text");
            return null;
        }
    }

    T? Wrong<T>(string name, JsonElement value, string expected) where T : class
    {
        log.Add(ProblemKind.BadValue, File, Location, $"field '{name}' must be {expected}, found {value.ValueKind.ToString().ToLowerInvariant()} {Shorten(value.GetRawText())}");
        return null;
    }

    static string Shorten(string text) => text.Length <= 40 ? text : text[..37] + "...";
}
