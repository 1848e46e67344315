using System.Text.Json.Nodes;
using MedPeft.Nn;

namespace MedPeft.Models.Configs;

/// <summary>
/// One JSON object of an HF <c>config.json</c> (or a nested <c>text_config</c>/<c>vision_config</c>),
/// read with HF's class defaults for the keys the file omits; a wrong type names the file and key.
/// </summary>
internal sealed class ConfigObject
{
    readonly JsonObject json;
    public string Source { get; }

    public ConfigObject(JsonObject json, string source)
    {
        this.json = json;
        Source = source;
    }

    public static ConfigObject Load(string path)
    {
        if (!File.Exists(path)) throw new MedPeftException($"{path}: file not found (expected an HF config.json).");
        JsonNode? node;
        // A key given twice would fail when the object is first read; refused here with the file named.
        try { node = JsonNode.Parse(File.ReadAllText(path), documentOptions: new() { AllowDuplicateProperties = false }); }
        catch (System.Text.Json.JsonException e) { throw new MedPeftException($"{path}: not valid JSON ({e.Message})."); }
        return node is JsonObject obj ? new ConfigObject(obj, path) : throw new MedPeftException($"{path}: expected a JSON object.");
    }

    public string ToJson() => json.ToJsonString(new System.Text.Json.JsonSerializerOptions { WriteIndented = true });

    /// <summary>The number of keys.</summary>
    public int Count => json.Count;

    public bool Has(string key) => json.TryGetPropertyValue(key, out var v) && v is not null;

    /// <summary>The object under <paramref name="key"/>; null when absent (HF then uses its class defaults).</summary>
    public ConfigObject? Nested(string key) => json.TryGetPropertyValue(key, out var v) && v is not null
        ? v is JsonObject obj ? new ConfigObject(obj, $"{Source} ({key})")
            : throw new MedPeftException($"{Source}: field '{key}' has value {v.ToJsonString()}, expected an object.")
        : null;

    public int Int(string key, int fallback) => Read(key, fallback, v => v.GetValue<int>());

    /// <summary>A size: an integer from 1 to <paramref name="max"/> (one of <see cref="ConfigLimits"/>).</summary>
    public int Size(string key, int fallback, int max) => InRange(key, Int(key, fallback), 1, max);

    /// <summary>A size when the key is given (see <see cref="Size"/>), else null.</summary>
    public int? OptionalSize(string key, int max) => OptionalInt(key) is int value ? InRange(key, value, 1, max) : null;

    /// <summary>A finite number above 0 (an epsilon, a scaling factor, a frequency base).</summary>
    public double Positive(string key, double fallback)
    {
        double value = Double(key, fallback);
        return value > 0 && double.IsFinite(value) ? value
            : throw new MedPeftException($"{Source}: field '{key}' is {value}; expected a positive number.");
    }

    /// <summary>An activation's name (<c>hidden_act</c>), one of <see cref="Activations.Names"/>: an unknown one is refused with the file and field.</summary>
    public string Activation(string key, string fallback)
    {
        string name = String(key, fallback);
        return Activations.Names.Contains(name) ? name
            : throw new MedPeftException($"{Source}: field '{key}' is '{name}'; expected one of {string.Join(", ", Activations.Names)}.");
    }

    public int? OptionalInt(string key) => Has(key) ? Read<int?>(key, null, v => v.GetValue<int>()) : null;
    public long Long(string key, long fallback) => Read(key, fallback, v => v.GetValue<long>());
    public double Double(string key, double fallback) => Read(key, fallback, v => v.GetValue<double>());
    public bool Bool(string key, bool fallback) => Read(key, fallback, v => v.GetValue<bool>());
    public string String(string key, string fallback) => Read(key, fallback, v => v.GetValue<string>());
    public string? OptionalString(string key) => Has(key) ? Read<string?>(key, null, v => v.GetValue<string>()) : null;

    /// <summary>An integer or the first integer of a list (HF allows both for <c>eos_token_id</c>).</summary>
    public int? IntOrFirst(string key)
    {
        if (!Has(key)) return null;
        return json[key] is JsonArray array
            ? (array.Count > 0 ? Read<int?>(key, null, _ => Element(array).GetValue<int>()) : null)
            : OptionalInt(key);
    }

    /// <summary>The first string of a list field such as <c>architectures</c>.</summary>
    public string? FirstOfList(string key)
    {
        if (!Has(key)) return null;
        return json[key] is JsonArray { Count: > 0 } array
            ? Read<string?>(key, null, _ => Element(array).GetValue<string>())
            : throw new MedPeftException($"{Source}: field '{key}' must be a non-empty list of strings.");
    }

    // A null first element is a wrong type like any other.
    static JsonNode Element(JsonArray array) => array[0] ?? throw new FormatException();

    /// <summary>A list of integers (e.g. ResNet's <c>depths</c>); null when the key is absent.</summary>
    public int[]? IntList(string key)
    {
        if (!Has(key)) return null;
        try
        {
            if (json[key] is JsonArray array) return array.Select(item => item is null ? throw new FormatException() : item.GetValue<int>()).ToArray();
        }
        catch (Exception e) when (e is InvalidOperationException or FormatException) { }
        throw new MedPeftException($"{Source}: field '{key}' has value {json[key]!.ToJsonString()}, expected a list of integers.");
    }

    int InRange(string key, int value, int min, int max) =>
        value >= min && value <= max ? value
            : throw new MedPeftException($"{Source}: field '{key}' is {value}; expected an integer from {min} to {max}.");

    T Read<T>(string key, T fallback, Func<JsonNode, T> get)
    {
        if (!json.TryGetPropertyValue(key, out var value) || value is null) return fallback;
        try { return get(value); }
        catch (Exception e) when (e is InvalidOperationException or FormatException)
        {
            throw new MedPeftException($"{Source}: field '{key}' has value {value.ToJsonString()}, expected {Describe(typeof(T))}.");
        }
    }

    static string Describe(Type type) =>
        (Nullable.GetUnderlyingType(type) ?? type) switch
        {
            var t when t == typeof(int) || t == typeof(long) => "an integer",
            var t when t == typeof(double) => "a number",
            var t when t == typeof(bool) => "true or false",
            _ => "a string",
        };
}
