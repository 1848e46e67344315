using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using AdamW = MedPeft.Training.AdamW;

namespace MedPeft.Tests.Training;

/// <summary>AdamW on the fused kernel updates parameters as TorchSharp's own (per-tensor) AdamW does.</summary>
public class AdamWTests
{
    [Fact]
    public void ThreeStepsMatchTorchSharpsAdamW()
    {
        using var scope = NewDisposeScope();
        using var generator = new Generator(7);
        var shapes = new[] { new long[] { 5, 3 }, new long[] { 7 }, new long[] { 2, 2, 2 } };
        var initial = shapes.Select(s => torch.randn(s, generator: generator)).ToArray();
        var ours = initial.Select(t => new Parameter(t.clone())).ToArray();
        var theirs = initial.Select(t => new Parameter(t.clone())).ToArray();
        using var fused = new AdamW(ours.Select((p, i) => ($"p{i}", p)).ToList(), new AdamW.Settings(0.01, 0.8, 0.99, 1e-6, 0.05));
        using var reference = optim.AdamW(theirs, 0.01, 0.8, 0.99, 1e-6, weight_decay: 0.05);

        for (int step = 0; step < 3; step++)
        {
            for (int i = 0; i < shapes.Length; i++)
            {
                var gradient = torch.randn(shapes[i], generator: generator);
                ours[i].grad = gradient.clone();
                theirs[i].grad = gradient.clone();
            }
            fused.StepOnce();
            reference.step();
            fused.ZeroGrad();
            reference.zero_grad();
        }

        for (int i = 0; i < shapes.Length; i++)
        {
            Assert.Null(ours[i].grad);
            Assert.False(ours[i].eq(initial[i]).all().item<bool>(), "the parameter did not change");
            Assert.True(ours[i].allclose(theirs[i], rtol: 1e-5, atol: 1e-6), $"parameter {i} differs by {(ours[i] - theirs[i]).abs().max().item<float>()}");
        }
    }

    [Fact]
    public void ParametersWithoutAGradientAreLeftAlone()
    {
        using var scope = NewDisposeScope();
        var updated = new Parameter(torch.ones(4));
        var untouched = new Parameter(torch.ones(4));
        using var optimizer = new AdamW(new[] { ("updated", updated), ("untouched", untouched) }, new AdamW.Settings(0.1, WeightDecay: 1e-2));
        updated.grad = torch.ones(4);

        optimizer.StepOnce();

        Assert.True(untouched.eq(torch.ones(4)).all().item<bool>());
        // First step: m̂ = g, v̂ = g², so the update is lr·g/(|g|+eps) = 0.1, after decay by 1 - lr·wd.
        Assert.True(updated.allclose(torch.full(4, (1 - 0.1 * 1e-2) - 0.1 / (1 + 1e-8)), atol: 1e-6));
        Assert.Equal(2 * 4 * sizeof(float), optimizer.StateBytes);
    }
}
