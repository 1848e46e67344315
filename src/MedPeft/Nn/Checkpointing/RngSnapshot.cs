using TorchSharp;
using static TorchSharp.torch;

namespace MedPeft.Nn.Checkpointing;

/// <summary>
/// The default CPU generator's state, copied out as bytes (no tensor whose lifetime would need
/// managing), so that a block's recomputation draws the dropout masks its first forward drew.
/// </summary>
internal sealed class RngSnapshot
{
    readonly byte[] state;

    RngSnapshot(byte[] state) => this.state = state;

    /// <summary>The generator's state now.</summary>
    public static RngSnapshot Take()
    {
        using var tensor = torch.get_rng_state();
        return new RngSnapshot(tensor.data<byte>().ToArray());
    }

    /// <summary>Runs <paramref name="action"/> from this state, then puts the generator back where it was.</summary>
    public T Replay<T>(Func<T> action)
    {
        var current = Take();
        Restore();
        try
        {
            return action();
        }
        finally
        {
            current.Restore();
        }
    }

    void Restore()
    {
        using var tensor = torch.tensor(state);
        torch.set_rng_state(tensor);
    }
}
