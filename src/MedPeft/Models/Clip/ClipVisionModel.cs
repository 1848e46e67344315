using MedPeft.Models.Configs;
using MedPeft.Nn;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace MedPeft.Models.Clip;

/// <summary>HF <c>CLIPVisionModel</c>: the module tree under <c>vision_model</c>.</summary>
public sealed class ClipVisionModel : nn.Module
{
    public readonly ClipVisionTransformer vision_model;

    public ClipVisionModel(VisionTransformerConfig config) : base(nameof(ClipVisionModel))
    {
        vision_model = new ClipVisionTransformer(config);
        RegisterComponents();
    }

    public VisionTransformerConfig Config => vision_model.Config;

    /// <summary>Hidden states are after pre_layrnorm (index 0) and after each layer; pooled = post_layernorm(CLS).</summary>
    public (TransformerOutput Output, Tensor Pooled) Forward(Tensor pixelValues, OutputRequest request) => vision_model.Forward(pixelValues, request);
}

public sealed class ClipVisionTransformer : nn.Module
{
    public readonly ClipVisionEmbeddings embeddings;
    public readonly LayerNorm pre_layrnorm; // sic: HF's parameter name
    public readonly ClipEncoder encoder;
    public readonly LayerNorm post_layernorm;
    public VisionTransformerConfig Config { get; }

    public ClipVisionTransformer(VisionTransformerConfig config) : base(nameof(ClipVisionTransformer))
    {
        Config = config;
        embeddings = new ClipVisionEmbeddings(config);
        pre_layrnorm = nn.LayerNorm(config.HiddenSize, config.LayerNormEps);
        encoder = new ClipEncoder(config);
        post_layernorm = nn.LayerNorm(config.HiddenSize, config.LayerNormEps);
        RegisterComponents();
    }

    public (TransformerOutput Output, Tensor Pooled) Forward(Tensor pixelValues, OutputRequest request)
    {
        using var scope = NewDisposeScope();
        var hidden = pre_layrnorm.forward(embeddings.forward(pixelValues));
        var output = encoder.Forward(hidden, request);
        var pooled = post_layernorm.forward(output.LastHiddenState.select(1, 0));
        return (output.MoveToOuterDisposeScope(), pooled.MoveToOuterDisposeScope());
    }
}

public sealed class ClipVisionEmbeddings : nn.Module<Tensor, Tensor>
{
    public readonly Parameter class_embedding;
    public readonly Conv2d patch_embedding;
    public readonly Embedding position_embedding;

    public ClipVisionEmbeddings(VisionTransformerConfig config) : base(nameof(ClipVisionEmbeddings))
    {
        class_embedding = new Parameter(torch.randn(config.HiddenSize));
        patch_embedding = nn.Conv2d(config.NumChannels, config.HiddenSize, config.PatchSize, stride: config.PatchSize, bias: false);
        position_embedding = nn.Embedding(config.SequenceLength, config.HiddenSize);
        RegisterComponents();
    }

    public override Tensor forward(Tensor pixelValues)
    {
        using var scope = NewDisposeScope();
        var patches = patch_embedding.forward(pixelValues.to_type(patch_embedding.weight!.dtype)).flatten(2).transpose(1, 2);
        var cls = class_embedding.expand(patches.shape[0], 1, -1);
        var tokens = torch.cat(new[] { cls, patches }, 1);
        return (tokens + position_embedding.weight!.unsqueeze(0)).MoveToOuterDisposeScope();
    }
}

public sealed class ClipEncoder : nn.Module
{
    public readonly ModuleList<ClipEncoderLayer> layers;

    public ClipEncoder(VisionTransformerConfig config) : base(nameof(ClipEncoder))
    {
        layers = new ModuleList<ClipEncoderLayer>(Enumerable.Range(0, config.NumHiddenLayers).Select(_ => new ClipEncoderLayer(config)).ToArray());
        RegisterComponents();
    }

    public TransformerOutput Forward(Tensor hidden, OutputRequest request) =>
        EncoderStack.Run(hidden, layers, (layer, h) => layer.Forward(h, request.Attentions), request);
}

public sealed class ClipEncoderLayer : nn.Module
{
    public readonly LayerNorm layer_norm1;
    public readonly ClipAttention self_attn;
    public readonly LayerNorm layer_norm2;
    public readonly ClipMlp mlp;

    public ClipEncoderLayer(VisionTransformerConfig config) : base(nameof(ClipEncoderLayer))
    {
        layer_norm1 = nn.LayerNorm(config.HiddenSize, config.LayerNormEps);
        self_attn = new ClipAttention(config);
        layer_norm2 = nn.LayerNorm(config.HiddenSize, config.LayerNormEps);
        mlp = new ClipMlp(config);
        RegisterComponents();
    }

    public (Tensor Hidden, Tensor? Probabilities) Forward(Tensor hidden, bool returnProbabilities)
    {
        using var scope = NewDisposeScope();
        var (attended, probabilities) = self_attn.Forward(layer_norm1.forward(hidden), returnProbabilities);
        hidden = hidden + attended;
        hidden = hidden + mlp.forward(layer_norm2.forward(hidden));
        return (hidden.MoveToOuterDisposeScope(), probabilities?.MoveToOuterDisposeScope());
    }
}

/// <summary>CLIP self-attention: separate q/k/v/out projections with biases.</summary>
public sealed class ClipAttention : nn.Module, IAttentionBlock
{
    public readonly AdaptableLinear k_proj, v_proj, q_proj, out_proj;
    readonly long heads, headDim;

    public ClipAttention(VisionTransformerConfig config) : base(nameof(ClipAttention))
    {
        heads = config.NumAttentionHeads;
        headDim = config.HiddenSize / heads;
        k_proj = new AdaptableLinear(config.HiddenSize, config.HiddenSize);
        v_proj = new AdaptableLinear(config.HiddenSize, config.HiddenSize);
        q_proj = new AdaptableLinear(config.HiddenSize, config.HiddenSize);
        out_proj = new AdaptableLinear(config.HiddenSize, config.HiddenSize);
        RegisterComponents();
    }

    public AttentionKind Kind => AttentionKind.Self;
    public long KeyValueHeads => heads;
    public long HeadDim => headDim;
    public IPrefixSource? Prefix { get; set; }
    public IReadOnlyList<AttentionProjection> Projections => new[]
    {
        Projection.Of(ProjectionRole.Query, q_proj), Projection.Of(ProjectionRole.Key, k_proj),
        Projection.Of(ProjectionRole.Value, v_proj), Projection.Of(ProjectionRole.Output, out_proj),
    };

    public (Tensor Output, Tensor? Probabilities) Forward(Tensor hidden, bool returnProbabilities)
    {
        using var scope = NewDisposeScope();
        var query = AttentionKernel.SplitHeads(q_proj.forward(hidden), heads);
        var key = AttentionKernel.SplitHeads(k_proj.forward(hidden), heads);
        var value = AttentionKernel.SplitHeads(v_proj.forward(hidden), heads);
        var (fullKey, fullValue, mask) = this.WithPrefix(key, value, null);
        var (context, probabilities) = AttentionKernel.Attend(query, fullKey, fullValue, mask, returnProbabilities);
        var output = out_proj.forward(AttentionKernel.MergeHeads(context));
        return (output.MoveToOuterDisposeScope(), probabilities?.MoveToOuterDisposeScope());
    }
}

public sealed class ClipMlp : nn.Module<Tensor, Tensor>, IFeedForwardBlock
{
    public readonly AdaptableLinear fc1, fc2;
    readonly Func<Tensor, Tensor> activation;

    public ClipMlp(VisionTransformerConfig config) : base(nameof(ClipMlp))
    {
        fc1 = new AdaptableLinear(config.HiddenSize, config.IntermediateSize);
        fc2 = new AdaptableLinear(config.IntermediateSize, config.HiddenSize);
        activation = Activations.ByName(config.HiddenAct, "vision config");
        RegisterComponents();
    }

    public IReadOnlyList<AdaptableLinear> Linears => new[] { fc1, fc2 };
    public AdaptableLinear OutputProjection => fc2;

    public override Tensor forward(Tensor hidden)
    {
        using var scope = NewDisposeScope();
        return fc2.forward(activation(fc1.forward(hidden))).MoveToOuterDisposeScope();
    }
}
