using MedPeft.Nn;
using MedPeft.Peft.Tuners;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace MedPeft.Peft.Ia3;

/// <summary>
/// IA3 on one linear layer, as HF PEFT: a learned vector <c>ia3_l</c> (initialised to ones) that
/// rescales the output of key/value projections ([out, 1]) or, on a feed-forward output projection,
/// its input ([1, in]).
/// </summary>
internal sealed class Ia3Adapter : ILinearAdapter, IMergeableAdapter
{
    public const string ParameterName = "ia3_l";

    readonly AdaptableLinear host;
    public Parameter Vector { get; }
    public bool FeedForward { get; }

    public Ia3Adapter(AdaptableLinear host, bool feedForward)
    {
        this.host = host;
        FeedForward = feedForward;
        var shape = feedForward ? new[] { 1L, host.InFeatures } : new[] { host.OutFeatures, 1L };
        Vector = new Parameter(torch.ones(shape, host.TrainableDType, host.weight.device));
        host.Attach(this, Array.Empty<(string, nn.Module)>(), new[] { (ParameterName, Vector) });
    }

    public Tensor AdaptInput(Tensor input) => FeedForward ? Scaled(input, Vector) : input;

    public Tensor AdaptOutput(Tensor output) => FeedForward ? output : Scaled(output, Vector);

    /// <summary>Each feature of <paramref name="x"/> times its entry of the vector ([out, 1] or [1, in]).</summary>
    internal static Tensor Scaled(Tensor x, Tensor vector) => x * vector.view(-1);

    /// <summary>Folds the scaling into the host's weight (and bias) and removes the adapter.</summary>
    public void MergeAndUnload()
    {
        using (torch.no_grad())
        {
            if (FeedForward) host.weight.mul_(Vector);
            else
            {
                host.weight.mul_(Vector);
                host.bias?.mul_(Vector.view(-1));
            }
        }
        host.Detach(this, new[] { ParameterName });
    }
}
