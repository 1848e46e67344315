using System.IO.Compression;
using System.Text;
using TorchSharp;
using static TorchSharp.torch;

namespace MedPeft.Tests.Models;

/// <summary>
/// Writes a state dict as <c>torch.save</c> does (PyTorch ≥ 1.6): a zip archive with
/// <c>archive/data.pkl</c> (pickle protocol 2: an OrderedDict of <c>_rebuild_tensor_v2</c> calls over
/// persistent-id storages, then its <c>_metadata</c> set by BUILD), <c>archive/data/&lt;key&gt;</c> (raw
/// storage bytes) and <c>archive/version</c>. <paramref name="orderedDict"/> lets a test swap the import
/// for a forbidden one, <paramref name="extraOpcode"/> insert an opcode before STOP.
/// </summary>
public static class PyTorchZipWriter
{
    public static void Save(string path, IReadOnlyDictionary<string, Tensor> tensors, string orderedDict = "collections\nOrderedDict", byte[]? extraOpcode = null)
    {
        var pickle = new MemoryStream();
        void Op(params byte[] bytes) => pickle.Write(bytes);
        void Text(string text) => pickle.Write(Encoding.ASCII.GetBytes(text));
        void Unicode(string s) { var b = Encoding.UTF8.GetBytes(s); Op((byte)'X'); pickle.Write(BitConverter.GetBytes(b.Length)); pickle.Write(b); }
        void Int(long v) { Op((byte)'J'); pickle.Write(BitConverter.GetBytes((int)v)); }
        void NewOrderedDict() { Op((byte)'c'); Text(orderedDict + "\n"); Op((byte)')', (byte)'R'); }

        Op(0x80, 2);
        NewOrderedDict();
        Op((byte)'(');
        var storages = new List<(string Key, Tensor Value)>();
        foreach (var (name, tensor) in tensors)
        {
            var key = storages.Count.ToString();
            storages.Add((key, tensor.contiguous()));
            Unicode(name);
            Op((byte)'c'); Text("torch._utils\n_rebuild_tensor_v2\n");
            Op((byte)'(');
            Op((byte)'('); Unicode("storage"); Op((byte)'c'); Text(StorageType(tensor.dtype) + "\n"); Unicode(key); Unicode("cpu"); Int(tensor.numel()); Op((byte)'t');
            Op((byte)'Q');
            Int(0);
            Op((byte)'('); foreach (var s in tensor.shape) Int(s); Op((byte)'t');
            Op((byte)'('); foreach (var s in tensor.contiguous().stride()) Int(s); Op((byte)'t');
            Op(0x89);
            NewOrderedDict();
            Op((byte)'t', (byte)'R');
        }
        Op((byte)'u');
        Op((byte)'}'); Unicode("_metadata"); NewOrderedDict(); Op((byte)'s', (byte)'b');
        if (extraOpcode is not null) Op(extraOpcode);
        Op((byte)'.');

        using var zip = ZipFile.Open(path, ZipArchiveMode.Create);
        void Entry(string name, byte[] content)
        {
            using var stream = zip.CreateEntry(name, CompressionLevel.NoCompression).Open();
            stream.Write(content);
        }
        Entry("archive/data.pkl", pickle.ToArray());
        foreach (var (key, value) in storages) Entry($"archive/data/{key}", value.bytes.ToArray());
        Entry("archive/version", Encoding.ASCII.GetBytes("3\n"));
    }

    static string StorageType(ScalarType dtype) => dtype switch
    {
        ScalarType.Float32 => "torch\nFloatStorage",
        ScalarType.Float16 => "torch\nHalfStorage",
        ScalarType.BFloat16 => "torch\nBFloat16Storage",
        ScalarType.Int64 => "torch\nLongStorage",
        _ => throw new ArgumentException($"no storage type for {dtype} in this helper"),
    };
}
