using MedPeft.Models.ResNet;
using MedPeft.Nn;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace MedPeft.Models.Blip;

/// <summary>
/// A CNN image encoder for a BLIP-family model, as classic Med-VQA models use: a ResNet's feature grid
/// (<c>encoder</c>, torchvision names) read as image tokens, projected to the text width
/// (<c>projection</c>) and normalised (<c>post_layernorm</c>). The BatchNorm running statistics stay
/// frozen during training (the module keeps its BatchNorms in eval mode); their affine weights and
/// biases train like any parameter, which is what LayerNorm-tuning tunes in a CNN.
/// </summary>
internal sealed class BlipResNetVisionModel : nn.Module, IBlipImageEncoder
{
    public readonly ResNetEncoder encoder;
    public readonly AdaptableLinear projection;
    public readonly LayerNorm post_layernorm;

    public BlipResNetVisionModel(ResNetConfig config, long textWidth, double layerNormEps) : base(nameof(BlipResNetVisionModel))
    {
        encoder = new ResNetEncoder(config);
        projection = new AdaptableLinear(config.OutputWidth, textWidth);
        post_layernorm = ModuleFactory.LayerNorm(textWidth, layerNormEps);
        RegisterComponents();
    }

    public (Tensor ImageEmbeds, TransformerOutput Encoder) Forward(Tensor pixelValues, OutputRequest request)
    {
        using var scope = NewDisposeScope();
        var (grid, _) = encoder.Forward(pixelValues.to_type(post_layernorm.weight!.dtype));
        var tokens = ResNetEncoder.ToTokens(grid);
        var embeds = SampleNorms.Apply(post_layernorm, projection.forward(tokens));
        var states = new TransformerOutput(tokens, request.HiddenStates ? new[] { tokens } : null, null);
        return (embeds.MoveToOuterDisposeScope(), states.MoveToOuterDisposeScope());
    }

    public override void train(bool on = true)
    {
        base.train(on);
        foreach (var norm in modules().OfType<BatchNorm2d>()) norm.eval();
    }
}
