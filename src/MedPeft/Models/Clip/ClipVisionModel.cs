using MedPeft.Models.Configs;
using MedPeft.Models.Vision;
using MedPeft.Nn;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace MedPeft.Models.Clip;

/// <summary>HF <c>CLIPVisionModel</c>: the module tree under <c>vision_model</c>.</summary>
internal sealed class ClipVisionModel : nn.Module, IHfModel
{
    public readonly ClipVisionTransformer vision_model;

    public ClipVisionModel(VisionTransformerConfig config) : base(nameof(ClipVisionModel))
    {
        vision_model = new ClipVisionTransformer(config);
        RegisterComponents();
    }

    public VisionTransformerConfig Config => vision_model.Config;
    public string ModelType => "clip_vision_model";
    public string Architecture => "CLIPVisionModel";
    public nn.Module Module => this;
    public IReadOnlyList<ModelComponent> Components => new[] { new ModelComponent("vision", "", this) };
    public IReadOnlyDictionary<string, object> Sizes => VisionSizes.Of(Config);

    /// <summary>Hidden states are after pre_layrnorm (index 0) and after each layer; pooled = post_layernorm(CLS).</summary>
    public (TransformerOutput Output, Tensor Pooled) Forward(Tensor pixelValues, OutputRequest request) => vision_model.Forward(pixelValues, request);
}

internal sealed class ClipVisionTransformer : nn.Module
{
    public readonly ClipVisionEmbeddings embeddings;
    public readonly LayerNorm pre_layrnorm; // sic: HF's parameter name
    public readonly VisionEncoder encoder;
    public readonly LayerNorm post_layernorm;
    public VisionTransformerConfig Config { get; }

    public ClipVisionTransformer(VisionTransformerConfig config) : base(nameof(ClipVisionTransformer))
    {
        Config = config;
        embeddings = new ClipVisionEmbeddings(config);
        pre_layrnorm = ModuleFactory.LayerNorm(config.HiddenSize, config.LayerNormEps);
        encoder = new VisionEncoder(config, () => new ClipAttention(config));
        post_layernorm = ModuleFactory.LayerNorm(config.HiddenSize, config.LayerNormEps);
        RegisterComponents();
    }

    public (TransformerOutput Output, Tensor Pooled) Forward(Tensor pixelValues, OutputRequest request)
    {
        using var scope = NewDisposeScope();
        var hidden = SampleNorms.Apply(pre_layrnorm, embeddings.forward(pixelValues));
        var output = encoder.Forward(hidden, request);
        var pooled = SampleNorms.Apply(post_layernorm, output.LastHiddenState.select(1, 0));
        return (output.MoveToOuterDisposeScope(), pooled.MoveToOuterDisposeScope());
    }
}

/// <summary>Computes only what one hidden state needs.</summary>
internal static class ClipHiddenState
{
    /// <summary>
    /// HF's <c>hidden_states[index]</c> (0 = after pre_layrnorm; negative counts from the end) without
    /// running the layers after it: LLaVA's default -2 never needs the last layer or post_layernorm.
    /// </summary>
    public static Tensor At(ClipVisionTransformer vision, Tensor pixelValues, int index)
    {
        using var scope = NewDisposeScope();
        int layers = vision.encoder.layers.Count;
        int take = index < 0 ? layers + 1 + index : index;
        var hidden = SampleNorms.Apply(vision.pre_layrnorm, vision.embeddings.forward(pixelValues));
        hidden = vision.encoder.ForwardFirst(hidden, take);
        return hidden.MoveToOuterDisposeScope();
    }
}

internal sealed class ClipVisionEmbeddings : nn.Module<Tensor, Tensor>
{
    public readonly Parameter class_embedding;
    public readonly Conv2d patch_embedding;
    public readonly Embedding position_embedding;

    public ClipVisionEmbeddings(VisionTransformerConfig config) : base(nameof(ClipVisionEmbeddings))
    {
        class_embedding = new Parameter(ModuleFactory.Randn(config.HiddenSize));
        patch_embedding = ModuleFactory.PatchConv(config.NumChannels, config.HiddenSize, config.PatchSize, bias: false);
        position_embedding = ModuleFactory.Embedding(config.SequenceLength, config.HiddenSize);
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

/// <summary>CLIP self-attention: separate q/k/v/out projections with biases.</summary>
internal sealed class ClipAttention : VisionSelfAttention
{
    public readonly AdaptableLinear k_proj, v_proj, q_proj, out_proj;

    public ClipAttention(VisionTransformerConfig config) : base(nameof(ClipAttention), config)
    {
        k_proj = new AdaptableLinear(config.HiddenSize, config.HiddenSize);
        v_proj = new AdaptableLinear(config.HiddenSize, config.HiddenSize);
        q_proj = new AdaptableLinear(config.HiddenSize, config.HiddenSize);
        out_proj = new AdaptableLinear(config.HiddenSize, config.HiddenSize);
        RegisterComponents();
    }

    public override IReadOnlyList<AttentionProjection> Projections => new[]
    {
        Projection.Of(ProjectionRole.Query, q_proj), Projection.Of(ProjectionRole.Key, k_proj),
        Projection.Of(ProjectionRole.Value, v_proj), Projection.Of(ProjectionRole.Output, out_proj),
    };

    public override (Tensor Output, Tensor? Probabilities) Forward(Tensor hidden, bool returnProbabilities)
    {
        using var scope = NewDisposeScope();
        var query = AttentionKernel.SplitHeads(q_proj.forward(hidden), KeyValueHeads);
        var key = AttentionKernel.SplitHeads(k_proj.forward(hidden), KeyValueHeads);
        var value = AttentionKernel.SplitHeads(v_proj.forward(hidden), KeyValueHeads);
        var (fullKey, fullValue, mask) = this.WithPrefix(key, value, null);
        var (context, probabilities) = AttentionKernel.Attend(query, fullKey, fullValue, mask, returnProbabilities);
        var output = out_proj.forward(AttentionKernel.MergeHeads(context));
        return (output.MoveToOuterDisposeScope(), probabilities?.MoveToOuterDisposeScope());
    }
}
