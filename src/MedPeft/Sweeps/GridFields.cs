using System.Text.Json.Nodes;

namespace MedPeft.Sweeps;

/// <summary>
/// The fields of one JSON object of a grid file, each read with its type checked: a wrong or missing one is refused
/// with a <see cref="MedPeftException"/> naming the file and the field (<c>data.format</c>, <c>eval_on[1].dir</c>).
/// </summary>
internal sealed class GridFields(JsonObject json, string file, string prefix = "")
{
    /// <summary>Refuses a field that is not one of <paramref name="known"/>.</summary>
    public void OnlyKnown(params string[] known)
    {
        foreach (var (key, _) in json)
            if (!known.Contains(key)) throw Problem(key, $"is not a grid field; expected one of {string.Join(", ", known)}");
    }

    public bool Has(string key) => json[key] is not null;

    public string String(string key) => Optional(key, (node, _) => node.GetValue<string>(), "a string") ?? throw Problem(key, "is missing; expected a string");

    public string? OptionalString(string key) => Optional(key, (node, _) => node.GetValue<string>(), "a string");

    public long? OptionalLong(string key) => Optional<long?>(key, (node, _) => node.GetValue<long>(), "an integer");

    public bool? OptionalBool(string key) => Optional<bool?>(key, (node, _) => node.GetValue<bool>(), "true or false");

    public int? OptionalInt(string key) => Optional<int?>(key, (node, _) => node.GetValue<int>(), "an integer");

    public GridFields? OptionalObject(string key) => Optional(key, (node, name) => new GridFields(node.AsObject(), file, name + "."), "an object");

    public GridFields Object(string key) => OptionalObject(key) ?? throw Problem(key, "is missing; expected an object");

    /// <summary>A list of items read by <paramref name="item"/> (given the item's node and its field name, <c>key[i]</c>); null when absent.</summary>
    public IReadOnlyList<T>? OptionalList<T>(string key, Func<JsonNode, string, T> item, string itemKind) =>
        Optional(key, (node, name) => node.AsArray().Select((element, i) => element is null
            ? throw Problem(name, $"[{i}] is null; expected {itemKind}", qualified: true)
            : Read(element, $"{name}[{i}]", item, itemKind)).ToList(), $"a list of {itemKind}");

    public IReadOnlyList<T> List<T>(string key, Func<JsonNode, string, T> item, string itemKind) =>
        OptionalList(key, item, itemKind) ?? throw Problem(key, $"is missing; expected a list of {itemKind}");

    /// <summary>The object's fields by name, each read by <paramref name="value"/> (given its name, its node and its qualified field name).</summary>
    public IReadOnlyDictionary<string, T> Entries<T>(Func<string, JsonNode?, string, T> value) =>
        json.ToDictionary(entry => entry.Key, entry => value(entry.Key, entry.Value, prefix + entry.Key));

    /// <summary>A problem with a field: <c>file: field 'name' problem.</c></summary>
    public MedPeftException Problem(string key, string problem, bool qualified = false) =>
        new($"{file}: field '{(qualified ? key : prefix + key)}' {problem}.");

    T? Optional<T>(string key, Func<JsonNode, string, T> get, string kind) =>
        json[key] is { } node ? Read(node, prefix + key, get, kind) : default;

    T Read<T>(JsonNode node, string name, Func<JsonNode, string, T> get, string kind)
    {
        try
        {
            return get(node, name);
        }
        catch (Exception e) when (e is InvalidOperationException or FormatException)
        {
            throw new MedPeftException($"{file}: field '{name}' has value {node.ToJsonString()}, expected {kind}.");
        }
    }
}
