using System.Text;
using System.Text.Json.Nodes;

namespace MedPeft.Tests.Fuzzing;

/// <summary>One mutated input and how it was made (enough to reproduce it from the seed).</summary>
public sealed record FuzzCase(int Seed, string Mutation, byte[] Bytes);

/// <summary>
/// Deterministic, seeded mutation of valid files, as a hostile or damaged input would look: bit flips,
/// truncation, inserted bytes, 8-, 4- and 2-byte fields set to extremes, and JSON values replaced by
/// values of other types (for the JSON part of a file, given by <c>json</c>). The same seed always gives
/// the same case, so a failing case is reproduced from its seed alone.
/// </summary>
public static class MutationFuzzer
{
    static readonly ulong[] Extremes = [0, 1, 0x7F, 0xFF, 0x7FFF, 0xFFFF, 0x7FFF_FFFF, 0xFFFF_FFFF, long.MaxValue, ulong.MaxValue];

    static readonly Func<Random, JsonNode?>[] OtherValues =
    [
        _ => null, _ => JsonValue.Create(true), r => JsonValue.Create(r.Next(-3, 3)), _ => JsonValue.Create(1e300), _ => JsonValue.Create(-1L << 62),
        _ => JsonValue.Create(0.5), _ => JsonValue.Create(""), _ => JsonValue.Create("F32"), _ => new JsonArray(), _ => new JsonArray(-1, 2),
        _ => new JsonObject(), _ => new JsonObject { ["dtype"] = "F32" },
    ];

    /// <summary>
    /// <paramref name="count"/> cases from the valid <paramref name="corpus"/>, case i made with seed
    /// <paramref name="seed"/> + i. <paramref name="json"/>, when given, finds the JSON part of an input and
    /// puts a changed JSON part back (so structure-aware mutations reach the parser past length checks).
    /// </summary>
    public static IEnumerable<FuzzCase> Cases(IReadOnlyList<byte[]> corpus, int count, int seed, JsonPart? json = null)
    {
        for (int i = 0; i < count; i++)
        {
            var random = new Random(seed + i);
            var input = corpus[random.Next(corpus.Count)];
            var kinds = json is null ? 4 : 5;
            var (mutation, bytes) = random.Next(kinds) switch
            {
                0 => FlipBits(random, input),
                1 => Truncate(random, input),
                2 => Insert(random, input),
                3 => Extreme(random, input),
                _ => ReplaceJsonValue(random, input, json!),
            };
            yield return new FuzzCase(seed + i, mutation, bytes);
        }
    }

    /// <summary>How to find the JSON part of an input and put a changed one back.</summary>
    public sealed record JsonPart(Func<byte[], string> Read, Func<byte[], string, byte[]> Write);

    static (string, byte[]) FlipBits(Random random, byte[] input)
    {
        var bytes = (byte[])input.Clone();
        int flips = 1 + random.Next(8);
        for (int i = 0; i < flips; i++) bytes[random.Next(bytes.Length)] ^= (byte)(1 << random.Next(8));
        return ($"{flips} bit flips", bytes);
    }

    static (string, byte[]) Truncate(Random random, byte[] input)
    {
        int length = random.Next(input.Length);
        return ($"truncated to {length} of {input.Length} bytes", input[..length]);
    }

    static (string, byte[]) Insert(Random random, byte[] input)
    {
        int at = random.Next(input.Length + 1), count = 1 + random.Next(64);
        var inserted = new byte[count];
        random.NextBytes(inserted);
        return ($"{count} random bytes inserted at {at}", [.. input[..at], .. inserted, .. input[at..]]);
    }

    static (string, byte[]) Extreme(Random random, byte[] input)
    {
        int width = new[] { 2, 4, 8 }[random.Next(3)];
        if (input.Length < width) return FlipBits(random, input);
        int at = random.Next(input.Length - width + 1);
        ulong value = Extremes[random.Next(Extremes.Length)];
        var bytes = (byte[])input.Clone();
        BitConverter.GetBytes(value).AsSpan(0, width).CopyTo(bytes.AsSpan(at));
        return ($"{width}-byte field at {at} set to 0x{value:X}", bytes);
    }

    static (string, byte[]) ReplaceJsonValue(Random random, byte[] input, JsonPart json)
    {
        var root = JsonNode.Parse(json.Read(input))!;
        var nodes = new List<JsonNode>();
        Collect(root, nodes);
        var target = nodes[random.Next(nodes.Count)];
        var replacement = OtherValues[random.Next(OtherValues.Length)](random);
        string where = target.GetPath();
        switch (target.Parent)
        {
            case JsonObject parent:
                parent[target.GetPropertyName()] = replacement;
                break;
            case JsonArray array:
                array[target.GetElementIndex()] = replacement;
                break;
            default:
                root = replacement ?? JsonValue.Create(0);
                break;
        }
        return ($"JSON {where} replaced by {replacement?.ToJsonString() ?? "null"}", json.Write(input, root?.ToJsonString() ?? "null"));
    }

    static void Collect(JsonNode node, List<JsonNode> nodes)
    {
        nodes.Add(node);
        var children = node switch
        {
            JsonObject o => o.Select(p => p.Value),
            JsonArray a => a.AsEnumerable(),
            _ => [],
        };
        foreach (var child in children.OfType<JsonNode>()) Collect(child, nodes);
    }

    /// <summary>UTF-8 text of a byte range, for JSON parts.</summary>
    public static string Text(byte[] bytes, int start, int length) => Encoding.UTF8.GetString(bytes, start, length);
}
