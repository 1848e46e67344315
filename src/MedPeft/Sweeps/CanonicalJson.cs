using System.Text.Json.Nodes;

namespace MedPeft.Sweeps;

/// <summary>
/// The canonical text of a JSON value, what a cell's key hashes: object fields sorted by name (ordinal, by UTF-16 code
/// units), no whitespace, strings and numbers as System.Text.Json writes them (numbers in their shortest round-trip form,
/// as the run description was written), arrays in their order. The same value gives the same text on every machine.
/// </summary>
internal static class CanonicalJson
{
    public static string Of(JsonNode? node) => Sorted(node)?.ToJsonString() ?? "null";

    static JsonNode? Sorted(JsonNode? node) => node switch
    {
        JsonObject obj => new JsonObject(obj.OrderBy(field => field.Key, StringComparer.Ordinal)
            .Select(field => KeyValuePair.Create(field.Key, Sorted(field.Value)))),
        JsonArray array => new JsonArray(array.Select(Sorted).ToArray()),
        _ => node?.DeepClone(),
    };
}
