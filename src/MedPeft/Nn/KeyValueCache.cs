using TorchSharp;
using static TorchSharp.torch;

namespace MedPeft.Nn;

/// <summary>
/// Cached keys and values of one attention layer during generation ([B, kv heads, S, d]).
/// Cross-attention caches are filled once; self-attention caches grow by one step at a time.
/// </summary>
internal sealed class KeyValueCache : IDisposable
{
    public Tensor? Key { get; private set; }
    public Tensor? Value { get; private set; }
    public long Length => Key?.shape[2] ?? 0;

    /// <summary>Appends new keys/values and returns the full cached ones.</summary>
    public (Tensor Key, Tensor Value) Append(Tensor key, Tensor value)
    {
        var fullKey = Key is null ? key.detach().clone() : torch.cat(new[] { Key, key.detach() }, 2);
        var fullValue = Value is null ? value.detach().clone() : torch.cat(new[] { Value, value.detach() }, 2);
        Replace(fullKey, fullValue);
        return (Key!, Value!);
    }

    /// <summary>Stores keys/values computed once (cross-attention over a fixed sequence).</summary>
    public void Set(Tensor key, Tensor value) => Replace(key.detach().clone(), value.detach().clone());

    /// <summary>Keeps the rows given by <paramref name="rows"/> (beam search reordering and expansion).</summary>
    public void Select(Tensor rows)
    {
        if (Key is null) return;
        Replace(Key.index_select(0, rows), Value!.index_select(0, rows));
    }

    void Replace(Tensor key, Tensor value)
    {
        var (oldKey, oldValue) = (Key, Value);
        Key = key.DetachFromDisposeScope();
        Value = value.DetachFromDisposeScope();
        oldKey?.Dispose();
        oldValue?.Dispose();
    }

    public void Dispose()
    {
        Key?.Dispose();
        Value?.Dispose();
        Key = Value = null;
    }
}
