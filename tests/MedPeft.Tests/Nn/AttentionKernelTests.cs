using MedPeft.Nn;
using TorchSharp;
using static TorchSharp.torch;

namespace MedPeft.Tests.Nn;

public class AttentionKernelTests
{
    [Fact]
    public void CausalModeIsTheSameInTheFusedAndTheExplicitForm()
    {
        using var scope = NewDisposeScope();
        using var generator = new Generator(11);
        var (q, k, v) = (torch.randn(new long[] { 2, 3, 5, 4 }, generator: generator), torch.randn(new long[] { 2, 3, 5, 4 }, generator: generator),
            torch.randn(new long[] { 2, 3, 5, 4 }, generator: generator));

        var (fused, _) = AttentionKernel.Attend(q, k, v, null, returnProbabilities: false, causal: true);
        var (explicitForm, probabilities) = AttentionKernel.Attend(q, k, v, null, returnProbabilities: true, causal: true);

        Assert.True(fused.allclose(explicitForm, rtol: 0, atol: 1e-6));
        // The first query sees only the first key; nothing above the diagonal gets weight.
        Assert.Equal(1f, probabilities![0, 0, 0, 0].item<float>(), 6);
        Assert.Equal(0f, probabilities.triu(1).abs().max().item<float>());
        // The last query sees every key, so its context is not the first value.
        Assert.False(fused[0, 0, 4].allclose(v[0, 0, 0]));
    }
}
