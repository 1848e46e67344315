using TorchSharp;
using static TorchSharp.torch;

namespace MedPeft.Nn;

/// <summary>
/// Rotary position embedding (LLaMA/Mistral): frequencies θ^(-2i/d), angles computed in float32 from
/// the given position ids, applied as x·cos + rotate_half(x)·sin on [B, heads, T, d].
/// </summary>
internal sealed class RotaryEmbedding
{
    readonly long headDim;
    readonly double theta;
    readonly double positionScale;

    /// <param name="linearScaling">The factor of HF's "linear" rope scaling (positions are divided by it).</param>
    public RotaryEmbedding(long headDim, double theta, double linearScaling = 1.0)
    {
        this.headDim = headDim;
        this.theta = theta;
        positionScale = 1.0 / linearScaling;
    }

    /// <summary>cos and sin of shape [B, 1, T, d] for position ids [B, T].</summary>
    public (Tensor Cos, Tensor Sin) Angles(Tensor positionIds, ScalarType dtype)
    {
        using var scope = NewDisposeScope();
        var exponents = torch.arange(0, headDim, 2, ScalarType.Int64, positionIds.device).to_type(ScalarType.Float32) / headDim;
        var inverseFrequency = 1.0 / torch.pow(theta, exponents);
        var positions = positionIds.to_type(ScalarType.Float32) * positionScale;
        var frequencies = positions.unsqueeze(-1) * inverseFrequency;
        var angles = torch.cat(new[] { frequencies, frequencies }, -1).unsqueeze(1);
        return (angles.cos().to_type(dtype).MoveToOuterDisposeScope(), angles.sin().to_type(dtype).MoveToOuterDisposeScope());
    }

    public static Tensor Apply(Tensor x, Tensor cos, Tensor sin)
    {
        using var scope = NewDisposeScope();
        long half = x.shape[^1] / 2;
        var rotated = torch.cat(new[] { -x.narrow(-1, half, half), x.narrow(-1, 0, half) }, -1);
        return (x * cos + rotated * sin).MoveToOuterDisposeScope();
    }
}
