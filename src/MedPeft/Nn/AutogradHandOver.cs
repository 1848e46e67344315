using static TorchSharp.torch;

namespace MedPeft.Nn;

/// <summary>
/// Releases the wrappers of the tensors a custom autograd function hands to LibTorch (its forward
/// output, the gradients its backward returns).
/// </summary>
/// <remarks>
/// TorchSharp registers the wrappers it makes for a node's output, for the incoming gradient and for
/// the gradients handed back in the dispose scope that is current at the time, usually a whole
/// training step's; each would keep its tensor's memory until that scope ends. LibTorch holds its own
/// reference to each of them once the call that made it has returned, so the wrappers are released at
/// the start of the next forward or backward call of such a function on the same thread (LibTorch
/// runs a CPU backward pass on the thread that calls it; another thread's latest call may still be in
/// flight). A function must not call <see cref="Release"/> between handing a tensor over and returning it.
/// </remarks>
internal static class AutogradHandOver
{
    [ThreadStatic] static List<Tensor>? handedOver;

    static List<Tensor> HandedOver => handedOver ??= new List<Tensor>();

    /// <summary>Takes <paramref name="tensor"/> out of its dispose scope, to be released by the next <see cref="Release"/> of this thread.</summary>
    public static Tensor Keep(Tensor tensor)
    {
        HandedOver.Add(tensor.DetachFromDisposeScope());
        return tensor;
    }

    /// <summary>Releases this thread's wrappers handed over before; called at the start of every forward and backward call.</summary>
    public static void Release()
    {
        foreach (var tensor in HandedOver) tensor.Dispose();
        HandedOver.Clear();
    }

    /// <summary>This thread's wrappers not yet released (at most those of its latest call), for tests.</summary>
    public static int Pending => HandedOver.Count;
}
