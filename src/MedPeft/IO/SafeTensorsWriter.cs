using System.Text;
using System.Text.Json;
using static TorchSharp.torch;

namespace MedPeft.IO;

/// <summary>Writes tensors as a safetensors file, atomically (temporary name, then rename).</summary>
internal static class SafeTensorsWriter
{
    public static void Save(string path, IReadOnlyDictionary<string, Tensor> tensors, IReadOnlyDictionary<string, string>? metadata = null)
    {
        // HF's order: larger element size first, then by name; it keeps every tensor aligned.
        var ordered = tensors
            .Select(kv => (Name: kv.Key, Tensor: kv.Value.detach().cpu().contiguous()))
            .OrderByDescending(t => SafeTensorDTypes.ElementSize(t.Tensor.dtype))
            .ThenBy(t => t.Name, StringComparer.Ordinal)
            .ToList();
        try
        {
            byte[] header = BuildHeader(ordered, metadata ?? new Dictionary<string, string> { ["format"] = "pt" });
            AtomicFile.Write(path, stream =>
            {
                stream.Write(BitConverter.GetBytes((ulong)header.Length));
                stream.Write(header);
                foreach (var (_, tensor) in ordered) stream.Write(tensor.bytes);
            }, sizeof(ulong) + header.Length + DataSize(ordered.Select(t => t.Tensor)));
        }
        finally
        {
            foreach (var (_, tensor) in ordered) tensor.Dispose();
        }
    }

    /// <summary>The bytes of the tensors' data: a file of them takes that plus its header.</summary>
    public static long DataSize(IEnumerable<Tensor> tensors) => tensors.Sum(t => t.NumberOfElements * t.ElementSize);

    static byte[] BuildHeader(List<(string Name, Tensor Tensor)> ordered, IReadOnlyDictionary<string, string> metadata)
    {
        var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteStartObject("__metadata__");
            foreach (var (key, value) in metadata) json.WriteString(key, value);
            json.WriteEndObject();
            long offset = 0;
            foreach (var (name, tensor) in ordered)
            {
                long size = tensor.NumberOfElements * tensor.ElementSize;
                json.WriteStartObject(name);
                json.WriteString("dtype", SafeTensorDTypes.ToName(tensor.dtype));
                json.WriteStartArray("shape");
                foreach (var d in tensor.shape) json.WriteNumberValue(d);
                json.WriteEndArray();
                json.WriteStartArray("data_offsets");
                json.WriteNumberValue(offset);
                json.WriteNumberValue(offset + size);
                json.WriteEndArray();
                json.WriteEndObject();
                offset += size;
            }
            json.WriteEndObject();
        }
        var bytes = buffer.ToArray().ToList();
        while (bytes.Count % 8 != 0) bytes.Add((byte)' ');
        return bytes.ToArray();
    }
}
