using MedPeft.Nn;
using MedPeft.Peft.Ia3;
using MedPeft.Peft.Lora;
using TorchSharp;
using static TorchSharp.torch;

namespace MedPeft.Tests.Serving;

/// <summary>
/// A linear layer in a per-sample pass gives each sample what the layer with that sample's adapter attached (the tuners'
/// own LoRA and IA3 layers, the bias set) gives it alone.
/// </summary>
public sealed class SampleLayersTests
{
    [Fact]
    public void EachSampleGetsWhatItsAdapterAttachedGivesIt()
    {
        using var scope = NewDisposeScope();
        using var kernel = OneDnnLinear.Use(LinearKernel.Blas);
        using var noGrad = torch.no_grad();
        torch.manual_seed(3);
        var linear = new AdaptableLinear(8, 6);
        linear.weight.copy_(torch.randn(6, 8));
        linear.bias!.copy_(torch.randn(6));
        Tensor a = torch.randn(2, 8), b = torch.randn(6, 2), loraBias = torch.randn(6), keys = torch.randn(6, 1) + 1, inputs = torch.randn(1, 8) + 1;
        // Group 0: the base layer; 1: LoRA (r 2, alpha 4) and a BitFit bias; 2: IA3 on the output; 3: IA3 on the input.
        LinearChange[] changes =
        [
            LinearChange.None,
            new([new LoraValues(a, b, 2.0)], loraBias),
            new([new Ia3Values(keys, feedForward: false)], null),
            new([new Ia3Values(inputs, feedForward: true)], null),
        ];
        int[] groupOfSample = [0, 1, 1, 2, 0, 3, 3];
        var x = torch.randn(groupOfSample.Length, 3, 8);

        Tensor mixed;
        using (new SampleLayers(new SampleGroups(groupOfSample), new Dictionary<AdaptableLinear, LinearChange[]> { [linear] = changes }, new Dictionary<nn.Module, Tensor[]>()).Use())
            mixed = linear.forward(x);

        var references = new[] { Reference(linear, null), Reference(linear, l => { var lora = new LoraAdapter(l, 2, 4, 0); lora.A.weight!.copy_(a); lora.B.weight!.copy_(b); l.bias!.copy_(loraBias); }),
            Reference(linear, l => new Ia3Adapter(l, feedForward: false).Vector.copy_(keys)), Reference(linear, l => new Ia3Adapter(l, feedForward: true).Vector.copy_(inputs)) };
        for (int s = 0; s < groupOfSample.Length; s++)
        {
            var alone = references[groupOfSample[s]].forward(x.narrow(0, s, 1));
            Assert.Equal(0f, (alone - mixed.narrow(0, s, 1)).abs().max().item<float>());
        }
        // The groups differ (the check means something).
        Assert.False(references[1].forward(x).allclose(references[0].forward(x)));
        Assert.False(references[2].forward(x).allclose(references[3].forward(x)));
    }

    // A copy of the layer with an adapter attached by the tuner's own class.
    static AdaptableLinear Reference(AdaptableLinear linear, Action<AdaptableLinear>? attach)
    {
        var copy = new AdaptableLinear(linear.InFeatures, linear.OutFeatures);
        copy.weight.copy_(linear.weight);
        copy.bias!.copy_(linear.bias!);
        attach?.Invoke(copy);
        copy.eval();
        return copy;
    }
}
