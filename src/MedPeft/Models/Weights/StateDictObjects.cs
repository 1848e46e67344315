using MedPeft.Data.Datasets.Pickle;
using static TorchSharp.torch;

namespace MedPeft.Models.Weights;

/// <summary>A storage a state dict's pickle refers to by key: a file <c>data/&lt;key&gt;</c> of the archive.</summary>
internal sealed record PickledStorage(string Key, ScalarType DType, long Elements);

/// <summary>A tensor of a state dict: a view (offset, size, stride in elements) of a storage.</summary>
internal sealed record PickledTensor(PickledStorage Storage, long Offset, long[] Size, long[] Stride);

/// <summary>
/// The only Python objects a <c>torch.save</c>d state dict is allowed to hold (torch/serialization.py's
/// zip format, pickle protocol 2): <c>collections.OrderedDict</c> (the dict, its <c>_metadata</c> and the
/// empty backward-hook dicts), <c>torch._utils._rebuild_tensor_v2</c> (a tensor over a storage) and the
/// legacy storage classes (<c>torch.FloatStorage</c>, ...) named in the persistent ids
/// <c>('storage', type, key, location, elements)</c>. Any other import is refused.
/// </summary>
internal sealed class StateDictObjects : IPickleObjects
{
    static readonly Dictionary<string, ScalarType> StorageTypes = new()
    {
        ["FloatStorage"] = ScalarType.Float32, ["DoubleStorage"] = ScalarType.Float64, ["HalfStorage"] = ScalarType.Float16,
        ["BFloat16Storage"] = ScalarType.BFloat16, ["LongStorage"] = ScalarType.Int64, ["IntStorage"] = ScalarType.Int32,
        ["ShortStorage"] = ScalarType.Int16, ["CharStorage"] = ScalarType.Int8, ["ByteStorage"] = ScalarType.Byte, ["BoolStorage"] = ScalarType.Bool,
    };

    sealed record Import(string Name);
    static readonly Import OrderedDict = new("collections.OrderedDict");
    static readonly Import RebuildTensor = new("torch._utils._rebuild_tensor_v2");

    public object Global(string module, string name) => (module, name) switch
    {
        ("collections", "OrderedDict") => OrderedDict,
        ("torch._utils", "_rebuild_tensor_v2") => RebuildTensor,
        ("torch", _) when StorageTypes.ContainsKey(name) => StorageTypes[name],
        _ => throw new InvalidDataException(
            $"the pickle imports '{module}.{name}', which a state dict does not need; only collections.OrderedDict, torch._utils._rebuild_tensor_v2 and torch storage types are allowed (nothing is run)."),
    };

    public object? Call(object? callable, object?[] arguments)
    {
        if (ReferenceEquals(callable, OrderedDict) && arguments.Length == 0) return new Dictionary<object, object?>();
        if (ReferenceEquals(callable, RebuildTensor) && arguments.Length >= 4
            && arguments[0] is PickledStorage storage && arguments[1] is long offset && arguments[2] is object?[] size && arguments[3] is object?[] stride)
            return new PickledTensor(storage, offset, Longs(size), Longs(stride));
        throw new InvalidDataException($"the pickle calls {(callable as Import)?.Name ?? "something that is not callable"} with arguments a state dict does not have.");
    }

    public object? PersistentLoad(object? id) =>
        id is object?[] { Length: 5 } parts && parts[0] is "storage" && parts[1] is ScalarType dtype && parts[2] is string key && parts[4] is long elements
            ? new PickledStorage(key, dtype, elements)
            : throw new InvalidDataException("a persistent id that is not ('storage', type, key, location, elements).");

    // OrderedDict's state is its instance dict: the state dict's _metadata (module versions), not needed.
    public void Build(object? target, object? state)
    {
        if (target is not Dictionary<object, object?> || state is not Dictionary<object, object?>)
            throw new InvalidDataException("BUILD on something other than an OrderedDict.");
    }

    static long[] Longs(object?[] values) =>
        values.Select(v => v is long l ? l : throw new InvalidDataException("a tensor size or stride that is not a tuple of integers.")).ToArray();
}
