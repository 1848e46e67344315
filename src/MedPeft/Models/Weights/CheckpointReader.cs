using System.Text.Json;
using MedPeft.IO;
using static TorchSharp.torch;

namespace MedPeft.Models.Weights;

/// <summary>Where one checkpoint tensor is stored: its file, its name there, its shape and how to read it.</summary>
internal sealed record StoredTensor(string File, string StoredName, long[] Shape, Func<ScalarType, Tensor> Read);

/// <summary>
/// The weights of an HF checkpoint folder: <c>model.safetensors</c>, or the shards listed by
/// <c>model.safetensors.index.json</c>, else the older PyTorch files (<see cref="PyTorchCheckpoint"/>). Tensors are read by name on demand. A reader can be viewed
/// under other names (<see cref="Renamed"/>) and laid over another one (<see cref="Over"/>), which is
/// how a checkpoint in another layout (the original LLaVA code's) is read by HF parameter name.
/// </summary>
internal sealed class CheckpointReader
{
    public const string SingleFile = "model.safetensors";
    public const string IndexFile = "model.safetensors.index.json";

    readonly Dictionary<string, StoredTensor> tensors;
    public string Description { get; }
    public IReadOnlyCollection<string> Names => tensors.Keys;

    CheckpointReader(Dictionary<string, StoredTensor> tensors, string description)
    {
        this.tensors = tensors;
        Description = description;
    }

    public static CheckpointReader Open(string directory)
    {
        var single = Path.Combine(directory, SingleFile);
        var index = Path.Combine(directory, IndexFile);
        if (File.Exists(single)) return FromFiles(single, new[] { SafeTensorsFile.Open(single) });
        if (File.Exists(index)) return OpenSharded(directory, index);
        if (PyTorchCheckpoint.TryOpen(directory) is var (pytorch, description)) return new CheckpointReader(pytorch, description);
        throw new MedPeftException($"{directory}: no {SingleFile}, {IndexFile}, {PyTorchCheckpoint.SingleFile} or {PyTorchCheckpoint.IndexFile} found.");
    }

    static CheckpointReader OpenSharded(string directory, string index)
    {
        var weightMap = ReadWeightMap(index);
        var shards = weightMap.Values.Distinct().ToDictionary(f => f, f => SafeTensorsFile.Open(Path.Combine(directory, f)));
        foreach (var (name, shard) in weightMap)
            if (!shards[shard].Entries.ContainsKey(name))
                throw new MedPeftException($"{index}: tensor '{name}' is mapped to {shard}, which does not contain it.");
        return FromFiles(index, shards.Values);
    }

    /// <summary>The index's tensor name → shard file; every shard is a file name in the index's folder, never a path out of it.</summary>
    public static Dictionary<string, string> ReadWeightMap(string index)
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

    static CheckpointReader FromFiles(string description, IEnumerable<SafeTensorsFile> files)
    {
        var tensors = new Dictionary<string, StoredTensor>(StringComparer.Ordinal);
        foreach (var file in files)
            foreach (var (name, entry) in file.Entries)
                tensors[name] = new StoredTensor(file.Path, name, entry.Shape, dtype => file.Read(name, dtype));
        return new CheckpointReader(tensors, description);
    }

    /// <summary>
    /// The same tensors under the names <paramref name="rename"/> gives (null leaves a tensor out);
    /// two tensors renamed alike are an error naming both.
    /// </summary>
    public CheckpointReader Renamed(Func<string, string?> rename)
    {
        var renamed = new Dictionary<string, StoredTensor>(StringComparer.Ordinal);
        foreach (var (name, stored) in tensors)
        {
            if (rename(name) is not { } target) continue;
            if (!renamed.TryAdd(target, stored))
                throw new MedPeftException($"{Description}: tensors '{renamed[target].StoredName}' and '{name}' both stand for '{target}'.");
        }
        return new CheckpointReader(renamed, Description);
    }

    /// <summary>This reader's tensors, and <paramref name="under"/>'s where this one has no tensor of that name.</summary>
    public CheckpointReader Over(CheckpointReader under)
    {
        var layered = new Dictionary<string, StoredTensor>(under.tensors, StringComparer.Ordinal);
        foreach (var (name, stored) in tensors) layered[name] = stored;
        return new CheckpointReader(layered, $"{Description} (with {under.Description})");
    }

    public bool Contains(string name) => tensors.ContainsKey(name);

    public long[] Shape(string name) => tensors[name].Shape;

    public string FileOf(string name) => tensors[name].File;

    public Tensor Read(string name, ScalarType dtype) => tensors[name].Read(dtype);
}
