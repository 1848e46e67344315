using MedPeft.Models.Configs;
using MedPeft.Nn;
using MedPeft.Nn.Checkpointing;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace MedPeft.Models.Vision;

/// <summary>The self-attention of a ViT layer; CLIP and BLIP lay out their projections differently.</summary>
internal abstract class VisionSelfAttention : nn.Module, IAttentionBlock
{
    protected VisionSelfAttention(string name, VisionTransformerConfig config) : base(name)
    {
        KeyValueHeads = config.NumAttentionHeads;
        HeadDim = config.HiddenSize / config.NumAttentionHeads;
    }

    public AttentionKind Kind => AttentionKind.Self;
    public long KeyValueHeads { get; }
    public long HeadDim { get; }
    public IPrefixSource? Prefix { get; set; }
    public abstract IReadOnlyList<AttentionProjection> Projections { get; }

    public abstract (Tensor Output, Tensor? Probabilities) Forward(Tensor hidden, bool returnProbabilities);
}

/// <summary>A stack of pre-norm ViT layers (<c>layers.N</c>), as CLIP's and BLIP's encoders name them.</summary>
internal sealed class VisionEncoder : nn.Module, ICheckpointedStack
{
    public readonly ModuleList<VisionEncoderLayer> layers;

    public VisionEncoder(VisionTransformerConfig config, Func<VisionSelfAttention> newAttention) : base(nameof(VisionEncoder))
    {
        layers = new ModuleList<VisionEncoderLayer>(
            Enumerable.Range(0, config.NumHiddenLayers).Select(_ => new VisionEncoderLayer(config, newAttention())).ToArray());
        RegisterComponents();
    }

    public bool GradientCheckpointing { get; set; }

    public TransformerOutput Forward(Tensor hidden, OutputRequest request)
    {
        bool checkpoint = BlockCheckpoint.Applies(this, !request.Attentions);
        return EncoderStack.Run(hidden, layers, (layer, h) => checkpoint ? (Checkpointed(layer, h), null) : layer.Forward(h, request.Attentions), request);
    }

    /// <summary>The hidden state after the first <paramref name="count"/> layers (LLaVA reads an inner layer's).</summary>
    public Tensor ForwardFirst(Tensor hidden, int count)
    {
        bool checkpoint = BlockCheckpoint.Applies(this, plainPass: true);
        for (int i = 0; i < count; i++) hidden = checkpoint ? Checkpointed(layers[i], hidden) : layers[i].Forward(hidden, false).Hidden;
        return hidden;
    }

    static Tensor Checkpointed(VisionEncoderLayer layer, Tensor hidden) =>
        BlockCheckpoint.Run(layer, inputs => layer.Forward(inputs[0]!, false).Hidden, hidden);
}

/// <summary>h + attn(LN1(h)), then h + mlp(LN2(h)).</summary>
internal sealed class VisionEncoderLayer : nn.Module
{
    public readonly VisionSelfAttention self_attn;
    public readonly LayerNorm layer_norm1;
    public readonly VisionMlp mlp;
    public readonly LayerNorm layer_norm2;

    public VisionEncoderLayer(VisionTransformerConfig config, VisionSelfAttention attention) : base(nameof(VisionEncoderLayer))
    {
        self_attn = attention;
        layer_norm1 = ModuleFactory.LayerNorm(config.HiddenSize, config.LayerNormEps);
        mlp = new VisionMlp(config);
        layer_norm2 = ModuleFactory.LayerNorm(config.HiddenSize, config.LayerNormEps);
        RegisterComponents();
    }

    public (Tensor Hidden, Tensor? Probabilities) Forward(Tensor hidden, bool returnProbabilities)
    {
        using var scope = NewDisposeScope();
        var (attended, probabilities) = self_attn.Forward(SampleNorms.Apply(layer_norm1, hidden), returnProbabilities);
        hidden = hidden + attended;
        hidden = hidden + mlp.forward(SampleNorms.Apply(layer_norm2, hidden));
        return (hidden.MoveToOuterDisposeScope(), probabilities?.MoveToOuterDisposeScope());
    }
}

/// <summary>fc2(act(fc1(x))).</summary>
internal sealed class VisionMlp : nn.Module<Tensor, Tensor>, IFeedForwardBlock
{
    public readonly AdaptableLinear fc1, fc2;
    readonly Func<Tensor, Tensor> activation;

    public VisionMlp(VisionTransformerConfig config) : base(nameof(VisionMlp))
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
