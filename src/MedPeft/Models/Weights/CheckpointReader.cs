using System.Text.Json;
using MedPeft.IO;
using static TorchSharp.torch;

namespace MedPeft.Models.Weights;

/// <summary>
/// The weights of an HF checkpoint folder: <c>model.safetensors</c>, or the shards listed by
/// <c>model.safetensors.index.json</c>. Tensors are read by name on demand.
/// </summary>
internal sealed class CheckpointReader
{
    public const string SingleFile = "model.safetensors";
    public const string IndexFile = "model.safetensors.index.json";

    readonly Dictionary<string, SafeTensorsFile> fileOf;
    public string Description { get; }
    public IReadOnlyCollection<string> Names => fileOf.Keys;

    CheckpointReader(Dictionary<string, SafeTensorsFile> fileOf, string description)
    {
        this.fileOf = fileOf;
        Description = description;
    }

    public static CheckpointReader Open(string directory)
    {
        var single = Path.Combine(directory, SingleFile);
        var index = Path.Combine(directory, IndexFile);
        if (File.Exists(single))
        {
            var file = SafeTensorsFile.Open(single);
            return new CheckpointReader(file.Entries.Keys.ToDictionary(k => k, _ => file, StringComparer.Ordinal), single);
        }
        if (File.Exists(index)) return OpenSharded(directory, index);
        var hint = Directory.Exists(directory) && Directory.EnumerateFiles(directory, "*.bin").Any()
            ? " (PyTorch .bin weights are not read: convert them to safetensors)"
            : "";
        throw new MedPeftException($"{directory}: no {SingleFile} or {IndexFile} found{hint}.");
    }

    static CheckpointReader OpenSharded(string directory, string index)
    {
        var weightMap = ReadWeightMap(index);
        var shards = weightMap.Values.Distinct().ToDictionary(f => f, f => SafeTensorsFile.Open(Path.Combine(directory, f)));
        foreach (var (name, shard) in weightMap)
            if (!shards[shard].Entries.ContainsKey(name))
                throw new MedPeftException($"{index}: tensor '{name}' is mapped to {shard}, which does not contain it.");
        return new CheckpointReader(weightMap.ToDictionary(kv => kv.Key, kv => shards[kv.Value], StringComparer.Ordinal), index);
    }

    /// <summary>The index's tensor name → shard file; every shard is a file name in the index's folder, never a path out of it.</summary>
    static Dictionary<string, string> ReadWeightMap(string index)
    {
        JsonDocument document;
        try { document = JsonDocument.Parse(File.ReadAllText(index)); }
        catch (JsonException e) { throw new MedPeftException($"{index}: not valid JSON ({e.Message})."); }
        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object || !root.TryGetProperty("weight_map", out var map) || map.ValueKind != JsonValueKind.Object)
                throw new MedPeftException($"{index}: field 'weight_map' must be an object of tensor name → shard file.");
            var weightMap = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var entry in map.EnumerateObject())
            {
                weightMap[entry.Name] = entry.Value.ValueKind == JsonValueKind.String && entry.Value.GetString() is { } shard && IsFileName(shard)
                    ? shard
                    : throw new MedPeftException($"{index}: field 'weight_map.{entry.Name}' is {entry.Value.GetRawText()}; expected the name of a shard file in the folder.");
            }
            return weightMap;
        }
    }

    static bool IsFileName(string name) =>
        name is not ("" or "." or "..") && name == Path.GetFileName(name) && name.IndexOfAny(Path.GetInvalidFileNameChars()) < 0;

    public bool Contains(string name) => fileOf.ContainsKey(name);

    public long[] Shape(string name) => fileOf[name].Entries[name].Shape;

    public string FileOf(string name) => fileOf[name].Path;

    public Tensor Read(string name, ScalarType dtype) => fileOf[name].Read(name, dtype);
}
