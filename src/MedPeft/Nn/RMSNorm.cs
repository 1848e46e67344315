using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace MedPeft.Nn;

/// <summary>
/// Root-mean-square norm as LLaMA/Mistral use it: statistics in float32, then the weight
/// multiplies the result cast back to the input dtype.
/// </summary>
internal sealed class RMSNorm : nn.Module<Tensor, Tensor>
{
    public Parameter weight;
    readonly double eps;

    public RMSNorm(long size, double eps) : base(nameof(RMSNorm))
    {
        weight = new Parameter(ModuleFactory.Ones(size));
        this.eps = eps;
        RegisterComponents();
    }

    public override Tensor forward(Tensor input) =>
        SampleNorms.Active(this, out var norms, out var perGroup) ? norms.Grouped(input, perGroup, (x, w, _) => Normalize(x, w)) : Normalize(input, weight);

    Tensor Normalize(Tensor input, Tensor weight)
    {
        using var scope = NewDisposeScope();
        var x = input.to_type(ScalarType.Float32);
        var normalized = x * torch.rsqrt(x.pow(2).mean(new long[] { -1 }, keepdim: true) + eps);
        return (weight * normalized.to_type(input.dtype)).MoveToOuterDisposeScope();
    }
}
