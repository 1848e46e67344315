using MedPeft.Nn;
using TorchSharp;
using static TorchSharp.torch;

namespace MedPeft.Tests.Nn.Bf16;

/// <summary>
/// On the float32 path a bf16 weight over 16 MiB in float32 is widened and multiplied a slice of output features at a
/// time; every output element is the same dot product as in the whole product, so the results are the same bits.
/// </summary>
public class Bf16SlicingTests
{
    // 4,224 x 1,024 is 16.5 MiB in float32: the forward product takes slices of 4,096 and 128 weight rows, the input
    // gradient slices of 960 and 64 weight columns (multiples of 64 under 16 MiB).
    const long OutFeatures = 4224, InFeatures = 1024, Rows = 96;

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void SlicedProductsEqualTheWholeWidenedWeightsProducts(bool oneDnn)
    {
        using var scope = NewDisposeScope();
        using var generator = new Generator(7);
        var weight = torch.randn([OutFeatures, InFeatures], generator: generator).to_type(ScalarType.BFloat16);
        var rows = torch.randn([Rows, InFeatures], generator: generator);
        var grad = torch.randn([Rows, OutFeatures], generator: generator);
        Assert.Equal(4096, Bf16Linear.SliceLength(OutFeatures, InFeatures));
        Assert.Equal(960, Bf16Linear.SliceLength(InFeatures, OutFeatures));
        using var products = Bf16Products.Use(false);
        using var kernels = OneDnnLinear.Use(oneDnn ? LinearKernel.OneDnn : LinearKernel.Blas);

        var forward = Bf16Linear.Forward(rows, weight);
        var inputGrad = Bf16Linear.InputGrad(grad, weight);

        // The reference: one float32 copy of the whole weight, multiplied on the same kernel.
        using var noGrad = torch.no_grad();
        var whole = weight.to_type(ScalarType.Float32);
        Assert.True(OneDnnLinear.Apply(rows, whole, null).eq(forward).all().item<bool>());
        Assert.True(OneDnnLinear.InputGrad(grad, whole).eq(inputGrad).all().item<bool>());
        // And both against float64 products of the bf16 weight, so that equal does not mean equally wrong: outputs are sums of
        // 1,024 and 4,224 products of unit-scale numbers (standard deviations 32 and 65), so 1e-3 is float32 rounding.
        var exact = weight.to_type(ScalarType.Float64);
        Assert.True(torch.allclose(forward.to_type(ScalarType.Float64), rows.to_type(ScalarType.Float64).matmul(exact.t()), rtol: 1e-5, atol: 1e-3));
        Assert.True(torch.allclose(inputGrad.to_type(ScalarType.Float64), grad.to_type(ScalarType.Float64).matmul(exact), rtol: 1e-5, atol: 1e-3));
    }

    [Fact]
    public void AWeightUnderASliceIsWidenedWhole()
    {
        Assert.Equal(1000, Bf16Linear.SliceLength(1000, 1000));
        // 30,524 x 768 (BLIP's vocabulary head, 89 MiB in float32): slices of 5,440 rows, 15.9 MiB.
        Assert.Equal(5440, Bf16Linear.SliceLength(30524, 768));
    }
}
