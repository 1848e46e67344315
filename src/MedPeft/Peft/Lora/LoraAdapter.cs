using MedPeft.Nn;
using MedPeft.Peft.Tuners;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace MedPeft.Peft.Lora;

/// <summary>
/// LoRA on one linear layer: y = W x + b + (alpha / r) · B(A(dropout(x))), with A [r, in]
/// (Kaiming-uniform, as HF PEFT) and B [out, r] (zeros, so training starts from the base model).
/// Registered on the host as <c>lora_A</c> / <c>lora_B</c>, HF PEFT's names.
/// </summary>
internal sealed class LoraAdapter : ILinearAdapter, IMergeableAdapter
{
    public const string AName = "lora_A", BName = "lora_B";

    readonly AdaptableLinear host;
    public Linear A { get; }
    public Linear B { get; }
    public double Scaling { get; }
    readonly double dropout;
    public bool Merged { get; private set; }

    public LoraAdapter(AdaptableLinear host, int rank, double alpha, double dropout)
    {
        this.host = host;
        this.dropout = dropout;
        Scaling = alpha / rank;
        var device = host.weight.device;
        var dtype = host.TrainableDType;
        A = nn.Linear(host.InFeatures, rank, hasBias: false, device: device, dtype: dtype);
        B = nn.Linear(rank, host.OutFeatures, hasBias: false, device: device, dtype: dtype);
        using (torch.no_grad())
        {
            nn.init.kaiming_uniform_(A.weight!, a: Math.Sqrt(5));
            B.weight!.zero_();
        }
        host.Attach(this, new (string, nn.Module)[] { (AName, A), (BName, B) }, Array.Empty<(string, Parameter)>());
    }

    public Tensor? Delta(Tensor input)
    {
        if (Merged) return null;
        using var scope = NewDisposeScope();
        var x = dropout > 0 ? nn.functional.dropout(input, dropout, host.training) : input;
        return LowRank(x, A.weight!, B.weight!, Scaling).MoveToOuterDisposeScope();
    }

    /// <summary>scale · B(A(x)), with A [r, in] and B [out, r].</summary>
    internal static Tensor LowRank(Tensor x, Tensor a, Tensor b, double scaling)
    {
        using var scope = NewDisposeScope();
        return (nn.functional.linear(nn.functional.linear(x, a), b) * scaling).MoveToOuterDisposeScope();
    }

    /// <summary>W += scale · B A; the adapter then adds nothing until <see cref="Unmerge"/>.</summary>
    public void Merge()
    {
        if (Merged) return;
        using var noGrad = torch.no_grad();
        using var delta = DeltaWeight();
        host.weight.add_(delta);
        Merged = true;
    }

    public void Unmerge()
    {
        if (!Merged) return;
        using var noGrad = torch.no_grad();
        using var delta = DeltaWeight();
        host.weight.sub_(delta);
        Merged = false;
    }

    Tensor DeltaWeight() => torch.matmul(B.weight!, A.weight!) * Scaling;

    /// <summary>Merges into the host weight and removes the adapter for good.</summary>
    public void MergeAndUnload()
    {
        Merge();
        host.Detach(this, new[] { AName, BName });
    }
}
