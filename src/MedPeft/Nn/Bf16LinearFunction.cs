using static TorchSharp.torch;
using static TorchSharp.torch.autograd;

namespace MedPeft.Nn;

/// <summary>
/// The autograd node of <see cref="Bf16Linear"/>: x [M, K] (float32) and a frozen bfloat16 weight [N, K]. It keeps
/// only the weight, which the layer holds anyway, and returns only the input gradient.
/// </summary>
sealed class Bf16LinearFunction : SingleTensorFunction<Bf16LinearFunction>
{
    // The wrappers it hands to LibTorch are released as AutogradHandOver describes.

    public override string Name => nameof(Bf16Linear);

    public override Tensor forward(AutogradContext ctx, params object[] vars)
    {
        AutogradHandOver.Release();
        var (x, weight) = ((Tensor)vars[0], (Tensor)vars[1]);
        ctx.save_for_backward(new List<Tensor> { weight });
        ctx.set_materialize_grads(false);
        return AutogradHandOver.Keep(Bf16Linear.Forward(x, weight));
    }

    public override List<Tensor> backward(AutogradContext ctx, Tensor grad)
    {
        AutogradHandOver.Release();
        var saved = ctx.get_saved_variables();
        Tensor? dx = null;
        if (grad is not null && !grad.IsInvalid) dx = AutogradHandOver.Keep(Bf16Linear.InputGrad(grad, saved[0]));
        grad?.Dispose();
        foreach (var tensor in saved) tensor.Dispose();
        // One gradient per forward argument: none for the frozen weight.
        return new List<Tensor> { dx!, null! };
    }
}
