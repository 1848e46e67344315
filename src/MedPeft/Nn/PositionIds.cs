using static TorchSharp.torch;

namespace MedPeft.Nn;

internal static class PositionIds
{
    /// <summary>
    /// Positions that skip padding, as HF's LLaVA merge and generate compute them: cumsum(mask) - 1,
    /// with 1 at masked positions.
    /// </summary>
    public static Tensor FromMask(Tensor mask)
    {
        using var scope = NewDisposeScope();
        return (mask.cumsum(-1) - 1).masked_fill(mask.eq(0), 1).MoveToOuterDisposeScope();
    }
}
