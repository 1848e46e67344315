using static TorchSharp.torch;

namespace MedPeft.Nn;

/// <summary>Helpers for tensors a long-lived object owns across dispose scopes.</summary>
internal static class TensorFields
{
    /// <summary>Stores <paramref name="value"/> in <paramref name="field"/> (outside any dispose scope) and frees the old tensor.</summary>
    public static void Replace(ref Tensor field, Tensor value)
    {
        var old = field;
        field = value.DetachFromDisposeScope();
        if (!ReferenceEquals(old, field)) old.Dispose();
    }
}
