using MedPeft.Nn;
using TorchSharp;
using static TorchSharp.torch;

namespace MedPeft.Tests.Nn;

/// <summary>The oneDNN linear path against a float64 computation of the same products (forced on, whatever this processor's choice).</summary>
public class OneDnnLinearTests
{
    // 2 x 40 = 80 rows: enough for the oneDNN path.
    static (Tensor X, Tensor W, Tensor B, Tensor G) Operands(int seed)
    {
        using var generator = new Generator((ulong)seed);
        return (torch.randn(new long[] { 2, 40, 96 }, generator: generator), torch.randn(new long[] { 128, 96 }, generator: generator) / 10,
            torch.randn(new long[] { 128 }, generator: generator), torch.randn(new long[] { 2, 40, 128 }, generator: generator));
    }

    static void AssertClose(Tensor expected64, Tensor actual, double tolerance = 2e-5)
    {
        Assert.Equal(expected64.shape, actual.shape);
        var error = (actual.to_type(ScalarType.Float64) - expected64).abs().max().item<double>();
        Assert.True(error <= tolerance * Math.Max(1, expected64.abs().max().item<double>()), $"max abs error {error}");
    }

    [Theory]
    [InlineData(2, 40, 96, 128, true)] // [batch, tokens, width] input, with a bias
    [InlineData(1, 64, 64, 64, false)]
    [InlineData(1, 80, 96, 192, false)]
    [InlineData(1, 70, 784, 768, true)]
    [InlineData(1, 100, 2304, 64, false)]
    public void OutputAndEveryGradientMatchFloat64(int batch, int tokens, int inputs, int outputs, bool withBias)
    {
        using var scope = NewDisposeScope();
        using var oneDnn = OneDnnLinear.Use(LinearKernel.OneDnn);
        using var generator = new Generator((ulong)(batch * tokens + inputs + outputs));
        var x = torch.randn(new long[] { batch, tokens, inputs }, generator: generator).requires_grad_(true);
        var w = (torch.randn(new long[] { outputs, inputs }, generator: generator) / 10).requires_grad_(true);
        var b = withBias ? torch.randn(new long[] { outputs }, generator: generator).requires_grad_(true) : null;
        var g = torch.randn(new long[] { batch, tokens, outputs }, generator: generator);
        Assert.True(OneDnnLinear.Routes(x, w, b));

        var y = OneDnnLinear.Apply(x, w, b);
        y.backward(new[] { g });

        var (x64, w64, g64) = (x.detach().to_type(ScalarType.Float64), w.detach().to_type(ScalarType.Float64), g.to_type(ScalarType.Float64));
        var expected = x64.matmul(w64.t());
        AssertClose(b is null ? expected : expected + b.detach().to_type(ScalarType.Float64), y);
        AssertClose(g64.matmul(w64), x.grad!);
        AssertClose(g64.reshape(-1, outputs).t().matmul(x64.reshape(-1, inputs)), w.grad!);
        if (b is not null) AssertClose(g64.sum(new long[] { 0, 1 }), b.grad!);
    }

    [Fact]
    public void FrozenOperandsGetNoGradientAndTheOthersTheRightOne()
    {
        using var scope = NewDisposeScope();
        using var oneDnn = OneDnnLinear.Use(LinearKernel.OneDnn);
        var (x0, w, b0, g) = Operands(5);
        // LayerNorm-style tuning upstream: the input needs its gradient, the weight is frozen.
        var x = x0.requires_grad_(true);
        OneDnnLinear.Apply(x, w, b0).backward(new[] { g });
        AssertClose(g.to_type(ScalarType.Float64).matmul(w.to_type(ScalarType.Float64)), x.grad!);
        Assert.Null(w.grad);
        Assert.Null(b0.grad);

        // BitFit: only the bias trains, and nothing upstream does.
        var (x1, w1, b1, _) = Operands(5);
        var b = b1.requires_grad_(true);
        OneDnnLinear.Apply(x1, w1, b).backward(new[] { g });
        AssertClose(g.to_type(ScalarType.Float64).sum(new long[] { 0, 1 }), b.grad!);
        Assert.Null(w1.grad);
    }

    [Fact]
    public void WithoutBiasAndWithoutGradMatchTheGraphPath()
    {
        using var scope = NewDisposeScope();
        using var oneDnn = OneDnnLinear.Use(LinearKernel.OneDnn);
        var (x, w, _, _) = Operands(7);
        var expected = x.to_type(ScalarType.Float64).matmul(w.to_type(ScalarType.Float64).t());
        Tensor plain;
        using (torch.no_grad()) plain = OneDnnLinear.Apply(x, w, null);
        var traced = OneDnnLinear.Apply(x, w.detach().requires_grad_(true), null);
        AssertClose(expected, plain);
        Assert.True(plain.equal(traced.detach()).all().item<bool>());
    }

    [Fact]
    public void FewRowsOtherDtypesOddWidthsHugeWeightsAndABlasChoiceStayWithBlas()
    {
        using var scope = NewDisposeScope();
        using var oneDnn = OneDnnLinear.Use(LinearKernel.OneDnn);
        var w = torch.randn(64, 16);
        Assert.False(OneDnnLinear.Fit(torch.randn(2, 31, 16), w, null)); // 62 rows
        Assert.True(OneDnnLinear.Fit(torch.randn(2, 32, 16), w, null));
        // Output widths oneDNN got wrong (72, 100) and input widths off the 16-grid.
        Assert.False(OneDnnLinear.Fit(torch.randn(64, 16), torch.randn(72, 16), null));
        Assert.False(OneDnnLinear.Fit(torch.randn(64, 16), torch.randn(100, 16), null));
        Assert.False(OneDnnLinear.Fit(torch.randn(64, 20), torch.randn(64, 20), null));
        Assert.False(OneDnnLinear.Fit(torch.randn(64, 16, dtype: ScalarType.Float64), w.to_type(ScalarType.Float64), null));
        Assert.False(OneDnnLinear.Fit(torch.randn(64, 16), w.t().contiguous().t(), null)); // a transposed weight
        Assert.False(OneDnnLinear.Fit(torch.empty(64, 16), torch.empty(OneDnnLinear.MaxWeightElements / 16 + 64, 16), null));
        // The processor's choice can send everything to BLAS.
        Assert.True(OneDnnLinear.Routes(torch.randn(2, 32, 16), w, null));
        using (OneDnnLinear.Use(LinearKernel.Blas)) Assert.False(OneDnnLinear.Routes(torch.randn(2, 32, 16), w, null));
        // What stays with BLAS still computes the same product.
        var x = torch.randn(2, 31, 16);
        AssertClose(x.to_type(ScalarType.Float64).matmul(w.to_type(ScalarType.Float64).t()), OneDnnLinear.Apply(x, w, null));
    }

    [Fact]
    public void WrappersOfFinishedCallsAreReleased()
    {
        using var scope = NewDisposeScope();
        using var oneDnn = OneDnnLinear.Use(LinearKernel.OneDnn);
        var (x, w0, b, g) = Operands(9);
        var w = w0.requires_grad_(true);
        for (int i = 0; i < 20; i++) OneDnnLinear.Apply(x, w, b);
        // Forwards that are never backpropagated (evaluation with gradients on) hold at most the latest output.
        Assert.True(OneDnnLinearFunction.PendingWrappers <= 1);
        OneDnnLinear.Apply(x, w, b).backward(new[] { g });
        // A backward hands back up to three gradients (input, weight, bias).
        Assert.True(OneDnnLinearFunction.PendingWrappers <= 3);
        Assert.NotNull(w.grad);
    }
}
