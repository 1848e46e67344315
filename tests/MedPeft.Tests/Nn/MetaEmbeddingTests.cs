using MedPeft.Nn;
using TorchSharp;
using static TorchSharp.torch;

namespace MedPeft.Tests.Nn;

/// <summary>
/// An embedding built on the meta device (a structure the planner looks at) is a full-size meta weight, made there
/// directly rather than drawn on the CPU and moved.
/// </summary>
public class MetaEmbeddingTests
{
    [Fact]
    public void AMetaEmbeddingHasOneFullSizeMetaWeight()
    {
        using (ModuleFactory.Use(META, ScalarType.Float32))
        using (var embedding = ModuleFactory.Embedding(32064, 4096))
        {
            var (name, weight) = Assert.Single(embedding.named_parameters());
            Assert.Equal("weight", name);
            Assert.Equal(DeviceType.META, weight.device_type);
            Assert.Equal(new long[] { 32064, 4096 }, weight.shape);
            Assert.True(weight.requires_grad);
        }
    }
}
