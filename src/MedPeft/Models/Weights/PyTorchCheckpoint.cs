using System.IO.Compression;
using MedPeft.Data.Datasets.Pickle;
using TorchSharp;
using static TorchSharp.torch;

namespace MedPeft.Models.Weights;

/// <summary>
/// The older PyTorch weights of an HF folder: <c>pytorch_model.bin</c>, or the shards listed by
/// <c>pytorch_model.bin.index.json</c>. Each is <c>torch.save</c>'s zip archive (PyTorch ≥ 1.6):
/// <c>&lt;name&gt;/data.pkl</c>, a pickled state dict read by the restricted <see cref="PickleReader"/>
/// with <see cref="StateDictObjects"/> (no code is run), and <c>&lt;name&gt;/data/&lt;key&gt;</c>, each storage's raw
/// little-endian bytes, read when a tensor is.
/// </summary>
internal static class PyTorchCheckpoint
{
    public const string SingleFile = "pytorch_model.bin";
    public const string IndexFile = "pytorch_model.bin.index.json";

    /// <summary>The tensors of the folder's PyTorch weights, or null when it has none.</summary>
    public static (Dictionary<string, StoredTensor> Tensors, string Description)? TryOpen(string directory)
    {
        var single = Path.Combine(directory, SingleFile);
        var index = Path.Combine(directory, IndexFile);
        if (File.Exists(single)) return (Read(single), single);
        if (!File.Exists(index)) return null;
        var weightMap = CheckpointReader.ReadWeightMap(index);
        var tensors = new Dictionary<string, StoredTensor>(StringComparer.Ordinal);
        foreach (var shard in weightMap.Values.Distinct())
            foreach (var (name, stored) in Read(Path.Combine(directory, shard))) tensors[name] = stored;
        foreach (var (name, shard) in weightMap)
            if (!tensors.TryGetValue(name, out var stored) || Path.GetFileName(stored.File) != shard)
                throw new MedPeftException($"{index}: tensor '{name}' is mapped to {shard}, which does not contain it.");
        return (tensors, index);
    }

    // Deflate never expands data by more than about 1032 times, so no entry of a file can unpack to more.
    const long MaxUnpackRatio = 1032;

    /// <summary>The tensors of one <c>torch.save</c> archive, by state-dict key.</summary>
    public static Dictionary<string, StoredTensor> Read(string path)
    {
        if (!File.Exists(path)) throw new MedPeftException($"{path}: file not found (expected PyTorch weights).");
        return Damaged(path, () => ReadArchive(path));
    }

    static Dictionary<string, StoredTensor> ReadArchive(string path)
    {
        using var archive = OpenArchive(path);
        long fileLength = new FileInfo(path).Length;
        var pickle = archive.Entries.FirstOrDefault(e => e.FullName.EndsWith("/data.pkl", StringComparison.Ordinal) && e.FullName.Count(c => c == '/') == 1)
            ?? throw new MedPeftException($"{path}: no <name>/data.pkl in the archive (not a state dict written by torch.save).");
        var prefix = pickle.FullName[..^"data.pkl".Length];
        using var buffer = new MemoryStream();
        using (var stream = pickle.Open()) stream.CopyTo(buffer);
        buffer.Position = 0;
        var content = PickleReader.Read(buffer, $"{path} ({pickle.FullName})", new StateDictObjects());
        if (content is not Dictionary<object, object?> stateDict)
            throw new MedPeftException($"{path}: the pickle holds a {content?.GetType().Name ?? "None"}, not a state dict.");
        var tensors = new Dictionary<string, StoredTensor>(StringComparer.Ordinal);
        foreach (var (key, value) in stateDict)
        {
            if (key is not string name || value is not PickledTensor tensor)
                throw new MedPeftException($"{path}: entry '{key}' of the state dict is not a tensor.");
            var entry = $"{prefix}data/{tensor.Storage.Key}";
            if (archive.GetEntry(entry) is not { } storage || storage.Length != tensor.Storage.Elements * ElementSize(tensor.Storage.DType)
                || storage.Length > fileLength * MaxUnpackRatio)
                throw new MedPeftException($"{path}: the storage {entry} of tensor '{name}' is missing or not {tensor.Storage.Elements} elements long.");
            CheckView(path, name, tensor);
            tensors[name] = new StoredTensor(path, name, tensor.Size, dtype => ReadTensor(path, entry, tensor, dtype));
        }
        return tensors;
    }

    static ZipArchive OpenArchive(string path)
    {
        try { return ZipFile.OpenRead(path); }
        catch (InvalidDataException)
        {
            throw new MedPeftException($"{path}: not a zip archive; only the zip format of torch.save (PyTorch 1.6 and later) is read: convert the weights to safetensors.");
        }
    }

    /// <summary>Every element the view reaches lies inside its storage.</summary>
    static void CheckView(string path, string name, PickledTensor tensor)
    {
        if (tensor.Size.Length != tensor.Stride.Length || tensor.Size.Any(s => s < 0) || tensor.Stride.Any(s => s < 0) || tensor.Offset < 0)
            throw new MedPeftException($"{path}: tensor '{name}' has an invalid size or stride.");
        long last = tensor.Offset + tensor.Size.Zip(tensor.Stride, (size, stride) => size == 0 ? 0 : (size - 1) * stride).Sum();
        if (tensor.Size.All(s => s > 0) && last >= tensor.Storage.Elements)
            throw new MedPeftException($"{path}: tensor '{name}' reaches element {last} of a storage of {tensor.Storage.Elements}.");
    }

    /// <summary>
    /// Runs <paramref name="read"/>, turning the errors of a damaged archive (a central directory, a
    /// compressed stream or an entry shorter than it claims) into one naming the file.
    /// </summary>
    static T Damaged<T>(string path, Func<T> read)
    {
        try { return read(); }
        catch (Exception e) when (e is InvalidDataException or EndOfStreamException)
        {
            throw new MedPeftException($"{path}: a damaged zip archive ({e.Message}).");
        }
    }

    static Tensor ReadTensor(string path, string entry, PickledTensor tensor, ScalarType dtype) => Damaged(path, () => ReadStorage(path, entry, tensor, dtype));

    static Tensor ReadStorage(string path, string entry, PickledTensor tensor, ScalarType dtype)
    {
        using var scope = NewDisposeScope();
        using var archive = OpenArchive(path);
        var storage = torch.empty(tensor.Storage.Elements, tensor.Storage.DType);
        using (var stream = archive.GetEntry(entry)!.Open()) stream.ReadExactly(storage.bytes);
        var view = storage.as_strided(tensor.Size, tensor.Stride, tensor.Offset);
        return view.to_type(dtype).contiguous().clone().MoveToOuterDisposeScope();
    }

    static long ElementSize(ScalarType dtype) => dtype switch
    {
        ScalarType.Float64 or ScalarType.Int64 => 8,
        ScalarType.Float32 or ScalarType.Int32 => 4,
        ScalarType.Float16 or ScalarType.BFloat16 or ScalarType.Int16 => 2,
        _ => 1,
    };
}
