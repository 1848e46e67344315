using System.Text;
using System.Text.Json;
using TorchSharp;
using static TorchSharp.torch;

namespace MedPeft.IO;

/// <summary>One tensor's entry in a safetensors header.</summary>
internal sealed record SafeTensorEntry(string Name, string DType, long[] Shape, long Begin, long End);

/// <summary>
/// A safetensors file opened for reading: the header's structure is checked up front (its length against
/// the file, every entry an object with a known dtype, a shape of non-negative integers and data_offsets
/// that match dtype x shape, lie inside the file and overlap no other tensor; <c>__metadata__</c> an
/// object of strings), so that a damaged or crafted file is one clear error, never an allocation of a
/// size it claims; tensors are read one at a time on demand.
/// Layout: u64 little-endian header length N, N bytes of JSON, then the raw little-endian data.
/// </summary>
internal sealed class SafeTensorsFile
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
        using var stream = File.OpenRead(path);
        // The stream's length, not FileInfo's: in the HF cache the file is a symbolic link to a blob.
        long length = stream.Length;
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
        // System.Text.Json leaves invalid UTF-8 inside names to the first read of that name, which then throws
        // an InvalidOperationException: check the encoding first.
        try { StrictUtf8.GetCharCount(header); }
        catch (DecoderFallbackException) { throw Corrupt(path, "the header is not valid UTF-8 text"); }
        JsonDocument document;
        try { document = JsonDocument.Parse(header); }
        catch (JsonException e) { throw Corrupt(path, $"the header is not valid JSON ({e.Message})"); }
        using (document)
        {
            if (document.RootElement.ValueKind != JsonValueKind.Object) throw Corrupt(path, "the header is not a JSON object");
            var entries = new Dictionary<string, SafeTensorEntry>(StringComparer.Ordinal);
            Dictionary<string, string>? metadata = null;
            foreach (var property in document.RootElement.EnumerateObject())
            {
                if (property.Name == MetadataKey)
                {
                    if (metadata is not null) throw Corrupt(path, $"the header has '{MetadataKey}' twice");
                    metadata = ParseMetadata(path, property.Value);
                }
                else if (!entries.TryAdd(property.Name, ParseEntry(path, property)))
                    throw Corrupt(path, $"tensor '{property.Name}' is listed twice");
            }
            CheckNoOverlap(path, entries.Values);
            return (entries, metadata ?? new Dictionary<string, string>());
        }
    }

    const string MetadataKey = "__metadata__";

    static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    // The format allows only string values here (HF writes {"format": "pt"}).
    static Dictionary<string, string> ParseMetadata(string path, JsonElement value)
    {
        if (value.ValueKind != JsonValueKind.Object)
            throw Corrupt(path, $"'{MetadataKey}' is {Kind(value)}; expected an object of strings");
        var metadata = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var item in value.EnumerateObject())
        {
            if (item.Value.ValueKind != JsonValueKind.String)
                throw Corrupt(path, $"'{MetadataKey}' field '{item.Name}' is {Kind(item.Value)}; expected a string");
            metadata[item.Name] = item.Value.GetString()!;
        }
        return metadata;
    }

    static SafeTensorEntry ParseEntry(string path, JsonProperty property)
    {
        var value = property.Value;
        string Where(string field) => $"tensor '{property.Name}' field '{field}'";
        if (value.ValueKind != JsonValueKind.Object) throw Corrupt(path, $"tensor '{property.Name}' is {Kind(value)}; expected an object with dtype, shape and data_offsets");
        var dtypeElement = Field(path, property.Name, value, "dtype", JsonValueKind.String);
        string dtype = dtypeElement.GetString()!;
        int elementSize = SafeTensorDTypes.ElementSize(dtype, path, property.Name);
        long[] shape = Integers(path, Where("shape"), Field(path, property.Name, value, "shape", JsonValueKind.Array));
        long[] offsets = Integers(path, Where("data_offsets"), Field(path, property.Name, value, "data_offsets", JsonValueKind.Array));
        if (shape.Any(d => d < 0)) throw Corrupt(path, $"{Where("shape")} has a negative dimension");
        if (offsets.Length != 2 || offsets[1] < offsets[0])
            throw Corrupt(path, $"{Where("data_offsets")} is [{string.Join(", ", offsets)}]; expected [begin, end] with begin <= end");
        long expected;
        try { expected = checked(shape.Aggregate(1L, (a, b) => a * b) * elementSize); }
        catch (OverflowException) { throw Corrupt(path, $"{Where("shape")} [{string.Join(", ", shape)}] has more elements than any file can hold"); }
        if (offsets[1] - offsets[0] != expected)
            throw Corrupt(path, $"tensor '{property.Name}' ({dtype} [{string.Join(", ", shape)}]) needs {expected} bytes but its data_offsets span {offsets[1] - offsets[0]}");
        return new SafeTensorEntry(property.Name, dtype, shape, offsets[0], offsets[1]);
    }

    static JsonElement Field(string path, string tensor, JsonElement entry, string name, JsonValueKind kind)
    {
        if (!entry.TryGetProperty(name, out var field)) throw Corrupt(path, $"tensor '{tensor}' has no '{name}'");
        if (field.ValueKind != kind)
            throw Corrupt(path, $"tensor '{tensor}' field '{name}' is {Kind(field)}; expected {(kind == JsonValueKind.Array ? "an array" : "a string")}");
        return field;
    }

    static long[] Integers(string path, string where, JsonElement array) =>
        array.EnumerateArray().Select(item => item.ValueKind == JsonValueKind.Number && item.TryGetInt64(out var number) && number >= 0
            ? number
            : throw Corrupt(path, $"{where} holds {item.GetRawText()}; expected non-negative integers")).ToArray();

    /// <summary>Two tensors may not share bytes: a crafted header could otherwise alias one tensor's data into another.</summary>
    static void CheckNoOverlap(string path, IEnumerable<SafeTensorEntry> entries)
    {
        SafeTensorEntry? previous = null;
        foreach (var entry in entries.Where(e => e.End > e.Begin).OrderBy(e => e.Begin))
        {
            if (previous is not null && entry.Begin < previous.End)
                throw Corrupt(path, $"tensors '{previous.Name}' and '{entry.Name}' overlap (data_offsets {previous.Begin}-{previous.End} and {entry.Begin}-{entry.End})");
            previous = entry;
        }
    }

    static string Kind(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "an array",
        JsonValueKind.String => "a string",
        JsonValueKind.Number => "a number",
        JsonValueKind.True or JsonValueKind.False => "a boolean",
        _ => "null",
    };

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
