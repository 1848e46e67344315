using MedPeft.Models;
using MedPeft.Nn;
using MedPeft.Peft;
using MedPeft.Planning;

namespace MedPeft.Tests.Models;

/// <summary>The built-in <c>llava-med-7b</c> has LLaVA-Med v1.5's shape, counted by hand, and the plan stores its linear weights in 2 bytes with bf16.</summary>
public class LlavaMed7bConfigTests
{
    const long Vocab = 32064, Width = 4096, KeyValueWidth = 8 * 128, Ffn = 14336, Layers = 32;
    const long ClipWidth = 1024, ClipFfn = 4096, ClipLayers = 24, Positions = 24 * 24 + 1;

    // Linear weights: Mistral's q, o (4096²), k, v (4096·1024), gate, up, down (3·4096·14336) per layer and the head;
    // CLIP's q, k, v, o and fc1, fc2 per layer; the projector's two layers.
    const long MistralLinear = Layers * (2 * Width * Width + 2 * Width * KeyValueWidth + 3 * Width * Ffn) + Vocab * Width;
    const long ClipLinear = ClipLayers * (4 * ClipWidth * ClipWidth + 2 * ClipWidth * ClipFfn);
    const long ProjectorLinear = ClipWidth * Width + Width * Width;
    // The rest: token embeddings, RMSNorms; CLIP's patch convolution (no bias), class token, positions, norms and biases;
    // the projector's biases.
    const long Other = Vocab * Width + Layers * 2 * Width + Width
                       + 3 * 14 * 14 * ClipWidth + ClipWidth + Positions * ClipWidth + 2 * 2 * ClipWidth
                       + ClipLayers * (4 * ClipWidth + 2 * 2 * ClipWidth + ClipFfn + ClipWidth)
                       + Width + Width;

    [Fact]
    public void ItHasLlavaMedsParametersAndBf16HalvesItsFrozenLinearWeights()
    {
        using (var structure = ModelSource.LoadStructure("llava-med-7b"))
            Assert.Equal(MistralLinear + ClipLinear + ProjectorLinear + Other, structure.Module.parameters().Sum(p => p.numel()));
        Assert.Equal(7_566_743_552, MistralLinear + ClipLinear + ProjectorLinear + Other);

        var request = new PlanRequest("llava-med-7b", "ln", null, new PeftOptions(), 1, TextTokens: 64, Precision: Precision.Bf16, GradientCheckpointing: true);
        var plan = MemoryPlanner.Plan(request, 24L << 30);
        // ln@llm trains the two RMSNorms of each layer and the final one.
        const long norms = Layers * 2 * Width + Width;
        Assert.Equal(norms, plan.TrainableParameters);
        Assert.Equal((MistralLinear + ClipLinear + ProjectorLinear) * 2 + (Other - norms) * 4, plan.Parts.Weights);
    }
}
