using System.Text.Json;
using TorchSharp;
using static TorchSharp.torch;

namespace MedPeft.IO;

/// <summary>One tensor's entry in a safetensors header.</summary>
public sealed record SafeTensorEntry(string Name, string DType, long[] Shape, long Begin, long End);

/// <summary>
/// A safetensors file opened for reading: the header is parsed and checked against the file's
/// length up front; tensors are read one at a time on demand.
/// Layout: u64 little-endian header length N, N bytes of JSON, then the raw little-endian data.
/// </summary>
public sealed class SafeTensorsFile
{
    public string Path { get; }
    public IReadOnlyDictionary<string, SafeTensorEntry> Entries { get; }
    public IReadOnlyDictionary<string, string> Metadata { get; }
    readonly long dataStart;

    SafeTensorsFile(string path, Dictionary<string, SafeTensorEntry> entries, Dictionary<string, string> metadata, long dataStart)
    {
        Path = path;
        Entries = entries;
        Metadata = metadata;
        this.dataStart = dataStart;
    }

    public static SafeTensorsFile Open(string path)
    {
        if (!File.Exists(path)) throw new MedPeftException($"{path}: file not found (expected a safetensors file).");
        long length = new FileInfo(path).Length;
        using var stream = File.OpenRead(path);
        if (length < 8) throw Corrupt(path, $"the file has {length} bytes, fewer than the 8-byte header length");
        var lengthBytes = new byte[8];
        stream.ReadExactly(lengthBytes);
        ulong headerLength = BitConverter.ToUInt64(lengthBytes);
        if (headerLength > (ulong)(length - 8) || headerLength > 100_000_000)
            throw Corrupt(path, $"the header claims {headerLength} bytes but the file has {length - 8} after the length field (truncated or not a safetensors file)");
        var header = new byte[headerLength];
        stream.ReadExactly(header);
        var (entries, metadata) = ParseHeader(path, header);
        long dataStart = 8 + (long)headerLength;
        long dataEnd = entries.Count == 0 ? 0 : entries.Values.Max(e => e.End);
        if (dataStart + dataEnd > length)
            throw Corrupt(path, $"the tensors need {dataEnd} data bytes but the file holds {length - dataStart} (truncated)");
        return new SafeTensorsFile(path, entries, metadata, dataStart);
    }

    static (Dictionary<string, SafeTensorEntry>, Dictionary<string, string>) ParseHeader(string path, byte[] header)
    {
        JsonDocument document;
        try { document = JsonDocument.Parse(header); }
        catch (JsonException e) { throw Corrupt(path, $"the header is not valid JSON ({e.Message})"); }
        using (document)
        {
            if (document.RootElement.ValueKind != JsonValueKind.Object) throw Corrupt(path, "the header is not a JSON object");
            var entries = new Dictionary<string, SafeTensorEntry>(StringComparer.Ordinal);
            var metadata = new Dictionary<string, string>();
            foreach (var property in document.RootElement.EnumerateObject())
            {
                if (property.Name == "__metadata__")
                {
                    foreach (var m in property.Value.EnumerateObject()) metadata[m.Name] = m.Value.ToString();
                    continue;
                }
                entries[property.Name] = ParseEntry(path, property);
            }
            return (entries, metadata);
        }
    }

    static SafeTensorEntry ParseEntry(string path, JsonProperty property)
    {
        try
        {
            var value = property.Value;
            string dtype = value.GetProperty("dtype").GetString()!;
            long[] shape = value.GetProperty("shape").EnumerateArray().Select(d => d.GetInt64()).ToArray();
            long[] offsets = value.GetProperty("data_offsets").EnumerateArray().Select(d => d.GetInt64()).ToArray();
            if (offsets.Length != 2 || offsets[0] < 0 || offsets[1] < offsets[0])
                throw Corrupt(path, $"tensor '{property.Name}' has invalid data_offsets");
            long expected = shape.Aggregate(1L, (a, b) => a * b) * SafeTensorDTypes.ElementSize(dtype, path, property.Name);
            if (offsets[1] - offsets[0] != expected)
                throw Corrupt(path, $"tensor '{property.Name}' ({dtype} [{string.Join(", ", shape)}]) needs {expected} bytes but its data_offsets span {offsets[1] - offsets[0]}");
            return new SafeTensorEntry(property.Name, dtype, shape, offsets[0], offsets[1]);
        }
        catch (Exception e) when (e is KeyNotFoundException or InvalidOperationException or FormatException)
        {
            throw Corrupt(path, $"tensor '{property.Name}' lacks a valid dtype/shape/data_offsets entry");
        }
    }

    /// <summary>Reads one tensor, converted to <paramref name="dtype"/> when given.</summary>
    public Tensor Read(string name, ScalarType? dtype = null, Device? device = null)
    {
        if (!Entries.TryGetValue(name, out var entry)) throw new MedPeftException($"{Path}: no tensor named '{name}'.");
        var tensor = torch.empty(entry.Shape, SafeTensorDTypes.ToScalarType(entry.DType, Path, name));
        long size = entry.End - entry.Begin;
        if (size > int.MaxValue) throw new MedPeftException($"{Path}: tensor '{name}' is larger than 2 GiB, which this reader does not support.");
        if (size > 0)
        {
            using var stream = File.OpenRead(Path);
            stream.Seek(dataStart + entry.Begin, SeekOrigin.Begin);
            stream.ReadExactly(tensor.bytes);
        }
        if (dtype is { } wanted && wanted != tensor.dtype) tensor = Replace(tensor, tensor.to_type(wanted));
        if (device is not null && device.type != DeviceType.CPU) tensor = Replace(tensor, tensor.to(device));
        return tensor;
    }

    /// <summary>Reads every tensor of the file.</summary>
    public Dictionary<string, Tensor> ReadAll(ScalarType? dtype = null) =>
        Entries.Keys.ToDictionary(name => name, name => Read(name, dtype), StringComparer.Ordinal);

    static Tensor Replace(Tensor old, Tensor replacement)
    {
        old.Dispose();
        return replacement;
    }

    static MedPeftException Corrupt(string path, string what) => new($"{path}: not a valid safetensors file: {what}.");
}
