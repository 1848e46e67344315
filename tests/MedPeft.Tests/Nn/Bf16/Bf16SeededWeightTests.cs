using MedPeft.Nn;
using static TorchSharp.torch;

namespace MedPeft.Tests.Nn.Bf16;

/// <summary>
/// A seeded model built in bf16 holds its float32 build's weights rounded to bfloat16: the bf16 build draws a large
/// weight a block of rows at a time, and the blocks must hold what one draw of the whole weight holds.
/// </summary>
/// <remarks>
/// Both builds draw from LibTorch's one global CPU generator after seeding it: a test drawing on another thread between
/// the seed and the draw would shift the stream (it failed so once), so this test runs alone.
/// </remarks>
[Collection(nameof(GlobalGeneratorCollection))]
public class Bf16SeededWeightTests
{
    // 2,051 x 4,100 = 8.4M elements: two full blocks of 1,023 rows (4M elements each) and a last block of 5 rows.
    const long OutFeatures = 2051, InFeatures = 4100;

    [Fact]
    public void TheBf16WeightIsTheFloat32WeightRounded()
    {
        using var scope = NewDisposeScope();
        var float32 = Build(Precision.Fp32);
        var bf16 = Build(Precision.Bf16);

        Assert.Equal(ScalarType.Float32, float32.dtype);
        Assert.Equal(ScalarType.BFloat16, bf16.dtype);
        Assert.True(float32.to_type(ScalarType.BFloat16).eq(bf16).all().item<bool>());
        // Not all one value: the draw reached every block (the last rows differ from the first ones).
        Assert.False(bf16.narrow(0, OutFeatures - 5, 5).eq(bf16.narrow(0, 0, 5)).all().item<bool>());
    }

    static Tensor Build(Precision precision)
    {
        manual_seed(11);
        using (ModuleFactory.Use(CPU, ScalarType.Float32, precision))
        using (var layer = new AdaptableLinear(InFeatures, OutFeatures))
            return layer.weight.detach().clone();
    }
}

/// <summary>Tests that seed LibTorch's global CPU generator and compare what it draws: run with no other test alongside.</summary>
[CollectionDefinition(nameof(GlobalGeneratorCollection), DisableParallelization = true)]
public class GlobalGeneratorCollection;
