using static TorchSharp.torch;
using static TorchSharp.torch.autograd;

namespace MedPeft.Nn;

/// <summary>
/// The autograd node of <see cref="OneDnnLinear"/>: x [M, K], weight [N, K] and an optional bias [N].
/// It keeps x for the backward pass only when the weight trains (the input gradient needs only the
/// weight), and computes only the gradients of operands that require one.
/// </summary>
sealed class OneDnnLinearFunction : SingleTensorFunction<OneDnnLinearFunction>
{
    const string InputGrad = "input_grad", WeightGrad = "weight_grad", BiasGrad = "bias_grad";

    // The wrappers it hands to LibTorch are released as AutogradHandOver describes (they would
    // otherwise keep their memory until the training step's dispose scope ends).

    public override string Name => nameof(OneDnnLinear);

    public override Tensor forward(AutogradContext ctx, params object[] vars)
    {
        AutogradHandOver.Release();
        var (x, weight, bias) = ((Tensor)vars[0], (Tensor)vars[1], vars[2] as Tensor);
        ctx.save_for_backward(weight.requires_grad ? new List<Tensor> { weight, x } : new List<Tensor> { weight });
        ctx.save_data(InputGrad, x.requires_grad);
        ctx.save_data(WeightGrad, weight.requires_grad);
        ctx.save_data(BiasGrad, bias?.requires_grad ?? false);
        ctx.set_materialize_grads(false);
        return AutogradHandOver.Keep(OneDnnKernels.Forward(x, weight, bias));
    }

    public override List<Tensor> backward(AutogradContext ctx, Tensor grad)
    {
        AutogradHandOver.Release();
        var saved = ctx.get_saved_variables();
        var weight = saved[0];
        Tensor? dx = null, dw = null, db = null;
        if (grad is not null && !grad.IsInvalid)
        {
            if ((bool)ctx.get_data(InputGrad)) dx = AutogradHandOver.Keep(OneDnnKernels.InputGrad(grad, weight));
            if ((bool)ctx.get_data(WeightGrad)) dw = AutogradHandOver.Keep(OneDnnKernels.WeightGrad(grad, saved[1], weight));
            if ((bool)ctx.get_data(BiasGrad)) db = AutogradHandOver.Keep(grad.sum(new long[] { 0 }));
        }
        grad?.Dispose();
        foreach (var tensor in saved) tensor.Dispose();
        // One gradient per forward argument; null where none is needed (or the bias was null).
        return new List<Tensor> { dx!, dw!, db! };
    }

    /// <summary>This thread's wrappers not yet released (at most those of its latest call), for tests.</summary>
    internal static int PendingWrappers => AutogradHandOver.Pending;
}
