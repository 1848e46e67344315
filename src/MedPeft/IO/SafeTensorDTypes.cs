using static TorchSharp.torch;

namespace MedPeft.IO;

/// <summary>The safetensors dtype names and their TorchSharp equivalents.</summary>
internal static class SafeTensorDTypes
{
    static readonly Dictionary<string, (ScalarType Type, int Size)> ByName = new()
    {
        ["F64"] = (ScalarType.Float64, 8), ["F32"] = (ScalarType.Float32, 4), ["F16"] = (ScalarType.Float16, 2),
        ["BF16"] = (ScalarType.BFloat16, 2), ["I64"] = (ScalarType.Int64, 8), ["I32"] = (ScalarType.Int32, 4),
        ["I16"] = (ScalarType.Int16, 2), ["I8"] = (ScalarType.Int8, 1), ["U8"] = (ScalarType.Byte, 1),
        ["BOOL"] = (ScalarType.Bool, 1),
    };

    public static int ElementSize(string dtype, string path, string tensor) => Lookup(dtype, path, tensor).Size;

    public static ScalarType ToScalarType(string dtype, string path, string tensor) => Lookup(dtype, path, tensor).Type;

    public static string ToName(ScalarType type) =>
        ByName.FirstOrDefault(kv => kv.Value.Type == type).Key
        ?? throw new MedPeftException($"dtype {type} cannot be written to safetensors.");

    public static int ElementSize(ScalarType type) => ByName.First(kv => kv.Value.Type == type).Value.Size;

    static (ScalarType Type, int Size) Lookup(string dtype, string path, string tensor) =>
        ByName.TryGetValue(dtype, out var found)
            ? found
            : throw new MedPeftException(
                $"{path}: tensor '{tensor}' has dtype '{dtype}'; supported: {string.Join(", ", ByName.Keys)}.");
}
