using MedPeft.Models.Configs;
using MedPeft.Models.Vision;
using MedPeft.Nn;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace MedPeft.Models.Blip;

/// <summary>The image encoder of a BLIP model: pixels in, image embeddings [B, tokens, width] out.</summary>
internal interface IBlipImageEncoder
{
    /// <summary>The image embeddings the text encoder cross-attends to, and the encoder's own states.</summary>
    (Tensor ImageEmbeds, TransformerOutput Encoder) Forward(Tensor pixelValues, OutputRequest request);
}

/// <summary>HF <c>BlipVisionModel</c>: ViT without a pre-norm; the last hidden state is post-normed.</summary>
internal sealed class BlipVisionModel : nn.Module, IBlipImageEncoder
{
    public readonly BlipVisionEmbeddings embeddings;
    public readonly VisionEncoder encoder;
    public readonly LayerNorm post_layernorm;

    public BlipVisionModel(VisionTransformerConfig config) : base(nameof(BlipVisionModel))
    {
        embeddings = new BlipVisionEmbeddings(config);
        encoder = new VisionEncoder(config, () => new BlipAttention(config));
        post_layernorm = ModuleFactory.LayerNorm(config.HiddenSize, config.LayerNormEps);
        RegisterComponents();
    }

    /// <summary>Returns post_layernorm(encoder output) as the image embeddings, and the raw encoder states.</summary>
    public (Tensor ImageEmbeds, TransformerOutput Encoder) Forward(Tensor pixelValues, OutputRequest request)
    {
        using var scope = NewDisposeScope();
        var output = encoder.Forward(embeddings.forward(pixelValues), request);
        var imageEmbeds = SampleNorms.Apply(post_layernorm, output.LastHiddenState);
        return (imageEmbeds.MoveToOuterDisposeScope(), output.MoveToOuterDisposeScope());
    }
}

internal sealed class BlipVisionEmbeddings : nn.Module<Tensor, Tensor>
{
    public readonly Parameter class_embedding;
    public readonly Conv2d patch_embedding;
    public readonly Parameter position_embedding;

    public BlipVisionEmbeddings(VisionTransformerConfig config) : base(nameof(BlipVisionEmbeddings))
    {
        class_embedding = new Parameter(ModuleFactory.Randn(1, 1, config.HiddenSize));
        patch_embedding = ModuleFactory.PatchConv(config.NumChannels, config.HiddenSize, config.PatchSize, bias: true);
        position_embedding = new Parameter(ModuleFactory.Randn(1, config.SequenceLength, config.HiddenSize));
        RegisterComponents();
    }

    public override Tensor forward(Tensor pixelValues)
    {
        using var scope = NewDisposeScope();
        var patches = SampleLayers.Apply(patch_embedding, pixelValues.to_type(patch_embedding.weight!.dtype)).flatten(2).transpose(1, 2);
        var cls = class_embedding.expand(patches.shape[0], 1, -1);
        var tokens = torch.cat(new[] { cls, patches }, 1);
        return (tokens + position_embedding.narrow(1, 0, tokens.shape[1])).MoveToOuterDisposeScope();
    }
}

/// <summary>BLIP vision self-attention: one fused <c>qkv</c> projection laid out as [3, heads, head dim], then <c>projection</c>.</summary>
internal sealed class BlipAttention : VisionSelfAttention
{
    public readonly AdaptableLinear qkv, projection;

    public BlipAttention(VisionTransformerConfig config) : base(nameof(BlipAttention), config)
    {
        qkv = new AdaptableLinear(config.HiddenSize, 3 * config.HiddenSize);
        projection = new AdaptableLinear(config.HiddenSize, config.HiddenSize);
        RegisterComponents();
    }

    public override IReadOnlyList<AttentionProjection> Projections => new[]
    {
        Projection.Fused(qkv, ProjectionRole.Query, ProjectionRole.Key, ProjectionRole.Value),
        Projection.Of(ProjectionRole.Output, projection),
    };

    public override (Tensor Output, Tensor? Probabilities) Forward(Tensor hidden, bool returnProbabilities)
    {
        using var scope = NewDisposeScope();
        long batch = hidden.shape[0], length = hidden.shape[1];
        var mixed = qkv.forward(hidden).reshape(batch, length, 3, KeyValueHeads, HeadDim).permute(2, 0, 3, 1, 4);
        var (fullKey, fullValue, mask) = this.WithPrefix(mixed[1], mixed[2], null);
        var (context, probabilities) = AttentionKernel.Attend(mixed[0], fullKey, fullValue, mask, returnProbabilities);
        var output = projection.forward(AttentionKernel.MergeHeads(context));
        return (output.MoveToOuterDisposeScope(), probabilities?.MoveToOuterDisposeScope());
    }
}
