using MedPeft.Models.Configs;
using MedPeft.Nn;
using MedPeft.Nn.Checkpointing;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace MedPeft.Models.Llama;

/// <summary>HF <c>LlamaForCausalLM</c> / <c>MistralForCausalLM</c>: <c>model</c> + <c>lm_head</c>.</summary>
internal sealed class LlamaForCausalLM : nn.Module, IHfModel
{
    public readonly LlamaModel model;
    public readonly AdaptableLinear lm_head;
    public LlamaConfig Config { get; }

    public LlamaForCausalLM(LlamaConfig config) : base(nameof(LlamaForCausalLM))
    {
        Config = config;
        model = new LlamaModel(config);
        lm_head = new AdaptableLinear(config.HiddenSize, config.VocabSize, hasBias: false);
        if (config.TieWordEmbeddings) lm_head.TieWeight(model.embed_tokens.weight!);
        RegisterComponents();
    }

    public string ModelType => Config.ModelType;
    public string Architecture => Config.ModelType == "mistral" ? "MistralForCausalLM" : "LlamaForCausalLM";
    public nn.Module Module => this;
    public IReadOnlyList<ModelComponent> Components => new[] { new ModelComponent("llm", "", this) };
    public IReadOnlyDictionary<string, object> Sizes => LlamaSizes.Of(Config);

    /// <summary>
    /// Logits for token ids or ready embeddings ([B, T, hidden]). Without position ids each row uses
    /// past .. past+T-1, pads included, as HF does. <paramref name="cache"/> holds one
    /// <see cref="KeyValueCache"/> per layer during generation.
    /// </summary>
    public (Tensor Logits, TransformerOutput Output) Forward(Tensor? inputIds, Tensor? inputsEmbeds, Tensor? attentionMask,
        Tensor? positionIds, IReadOnlyList<KeyValueCache>? cache, OutputRequest request)
    {
        using var scope = NewDisposeScope();
        var output = model.Forward(inputIds, inputsEmbeds, attentionMask, positionIds, cache, request);
        var logits = lm_head.forward(output.LastHiddenState);
        return (logits.MoveToOuterDisposeScope(), output.MoveToOuterDisposeScope());
    }

    public KeyValueCache[] NewCache() => Enumerable.Range(0, Config.NumHiddenLayers).Select(_ => new KeyValueCache()).ToArray();
}

static class LlamaSizes
{
    public static IReadOnlyDictionary<string, object> Of(LlamaConfig c) => new Dictionary<string, object>
    {
        ["hidden_size"] = c.HiddenSize, ["intermediate_size"] = c.IntermediateSize, ["num_hidden_layers"] = c.NumHiddenLayers,
        ["num_attention_heads"] = c.NumAttentionHeads, ["num_key_value_heads"] = c.NumKeyValueHeads, ["vocab_size"] = c.VocabSize,
        ["rope_theta"] = c.RopeTheta,
    };
}

/// <summary>HF <c>LlamaModel</c>: token embeddings, decoder layers, final RMSNorm.</summary>
internal sealed class LlamaModel : nn.Module, ICheckpointedStack
{
    public readonly Embedding embed_tokens;
    public readonly ModuleList<LlamaDecoderLayer> layers;
    public readonly RMSNorm norm;
    readonly RotaryEmbedding rotary;
    readonly LlamaConfig config;

    public LlamaModel(LlamaConfig config) : base(nameof(LlamaModel))
    {
        this.config = config;
        embed_tokens = ModuleFactory.Embedding(config.VocabSize, config.HiddenSize);
        layers = new ModuleList<LlamaDecoderLayer>(Enumerable.Range(0, config.NumHiddenLayers).Select(_ => new LlamaDecoderLayer(config)).ToArray());
        norm = new RMSNorm(config.HiddenSize, config.RmsNormEps);
        rotary = new RotaryEmbedding(config.HeadDim, config.RopeTheta, config.RopeLinearScaling);
        RegisterComponents();
    }

    public bool GradientCheckpointing { get; set; }

    public TransformerOutput Forward(Tensor? inputIds, Tensor? inputsEmbeds, Tensor? attentionMask, Tensor? positionIds,
        IReadOnlyList<KeyValueCache>? cache, OutputRequest request)
    {
        using var scope = NewDisposeScope();
        var hidden = inputsEmbeds ?? embed_tokens.forward(inputIds ?? throw new ArgumentException("input ids or embeddings are required"));
        long batch = hidden.shape[0], length = hidden.shape[1];
        long past = cache is { Count: > 0 } ? cache[0].Length : 0;
        positionIds ??= torch.arange(past, past + length, device: hidden.device).unsqueeze(0).expand(batch, length);
        // Without padding, cache, sliding window or prefix the mask is plain causal, which the fused kernel does without one.
        bool plainCausal = past == 0 && config.SlidingWindow is null && !request.Attentions && layers.All(l => l.self_attn.Prefix is null)
                           && (attentionMask is null || attentionMask.all().item<bool>());
        var mask = plainCausal ? null : AttentionMasks.Causal(batch, length, past, attentionMask, hidden.dtype, hidden.device, config.SlidingWindow);
        var (cos, sin) = rotary.Angles(positionIds, hidden.dtype);
        int index = 0;
        bool checkpoint = BlockCheckpoint.Applies(this, cache is null && !request.Attentions);
        var output = EncoderStack.Run(hidden, layers, (layer, h) => checkpoint
            ? (BlockCheckpoint.Run(layer, inputs => layer.Forward(inputs[0]!, inputs[1], inputs[2]!, inputs[3]!, null, false).Hidden, h, mask, cos, sin), null)
            : layer.Forward(h, mask, cos, sin, cache?[index++], request.Attentions), request, norm.forward);
        return output.MoveToOuterDisposeScope();
    }
}

internal sealed class LlamaDecoderLayer : nn.Module
{
    public readonly LlamaAttention self_attn;
    public readonly LlamaMlp mlp;
    public readonly RMSNorm input_layernorm;
    public readonly RMSNorm post_attention_layernorm;

    public LlamaDecoderLayer(LlamaConfig config) : base(nameof(LlamaDecoderLayer))
    {
        self_attn = new LlamaAttention(config);
        mlp = new LlamaMlp(config);
        input_layernorm = new RMSNorm(config.HiddenSize, config.RmsNormEps);
        post_attention_layernorm = new RMSNorm(config.HiddenSize, config.RmsNormEps);
        RegisterComponents();
    }

    /// <param name="mask">The additive causal mask [B, 1, T, keys]; null for plain causal attention (no padding, no cache).</param>
    public (Tensor Hidden, Tensor? Probabilities) Forward(Tensor hidden, Tensor? mask, Tensor cos, Tensor sin, KeyValueCache? cache, bool returnProbabilities)
    {
        using var scope = NewDisposeScope();
        var (attended, probabilities) = self_attn.Forward(input_layernorm.forward(hidden), mask, cos, sin, cache, returnProbabilities);
        hidden = hidden + attended;
        hidden = hidden + mlp.forward(post_attention_layernorm.forward(hidden));
        return (hidden.MoveToOuterDisposeScope(), probabilities?.MoveToOuterDisposeScope());
    }
}

/// <summary>Grouped-query self-attention with rotary positions.</summary>
internal sealed class LlamaAttention : nn.Module, IAttentionBlock
{
    public readonly AdaptableLinear q_proj, k_proj, v_proj, o_proj;
    readonly long heads, kvHeads, headDim;

    public LlamaAttention(LlamaConfig config) : base(nameof(LlamaAttention))
    {
        heads = config.NumAttentionHeads;
        kvHeads = config.NumKeyValueHeads;
        headDim = config.HeadDim;
        q_proj = new AdaptableLinear(config.HiddenSize, heads * headDim, config.AttentionBias);
        k_proj = new AdaptableLinear(config.HiddenSize, kvHeads * headDim, config.AttentionBias);
        v_proj = new AdaptableLinear(config.HiddenSize, kvHeads * headDim, config.AttentionBias);
        o_proj = new AdaptableLinear(heads * headDim, config.HiddenSize, config.AttentionBias);
        RegisterComponents();
    }

    public AttentionKind Kind => AttentionKind.Self;
    public long KeyValueHeads => kvHeads;
    public long HeadDim => headDim;
    public IPrefixSource? Prefix { get; set; }
    public IReadOnlyList<AttentionProjection> Projections => new[]
    {
        Projection.Of(ProjectionRole.Query, q_proj), Projection.Of(ProjectionRole.Key, k_proj),
        Projection.Of(ProjectionRole.Value, v_proj), Projection.Of(ProjectionRole.Output, o_proj),
    };

    /// <param name="mask">The additive causal mask [B, 1, T, keys]; null for plain causal attention (no padding, no cache, no prefix).</param>
    public (Tensor Output, Tensor? Probabilities) Forward(Tensor hidden, Tensor? mask, Tensor cos, Tensor sin, KeyValueCache? cache, bool returnProbabilities)
    {
        using var scope = NewDisposeScope();
        var query = RotaryEmbedding.Apply(AttentionKernel.SplitHeads(q_proj.forward(hidden), heads), cos, sin);
        var key = RotaryEmbedding.Apply(AttentionKernel.SplitHeads(k_proj.forward(hidden), kvHeads), cos, sin);
        var value = AttentionKernel.SplitHeads(v_proj.forward(hidden), kvHeads);
        if (cache is not null) (key, value) = cache.Append(key, value);
        var (fullKey, fullValue, fullMask) = this.WithPrefix(key, value, mask);
        long groups = heads / kvHeads;
        var (context, probabilities) = AttentionKernel.Attend(query, AttentionKernel.RepeatKeyValue(fullKey, groups),
            AttentionKernel.RepeatKeyValue(fullValue, groups), fullMask, returnProbabilities, causal: fullMask is null);
        var output = o_proj.forward(AttentionKernel.MergeHeads(context));
        return (output.MoveToOuterDisposeScope(), probabilities?.MoveToOuterDisposeScope());
    }
}

/// <summary>SwiGLU feed-forward: down(act(gate(x)) · up(x)).</summary>
internal sealed class LlamaMlp : nn.Module<Tensor, Tensor>, IFeedForwardBlock
{
    public readonly AdaptableLinear gate_proj, up_proj, down_proj;
    readonly Func<Tensor, Tensor> activation;

    public LlamaMlp(LlamaConfig config) : base(nameof(LlamaMlp))
    {
        gate_proj = new AdaptableLinear(config.HiddenSize, config.IntermediateSize, config.MlpBias);
        up_proj = new AdaptableLinear(config.HiddenSize, config.IntermediateSize, config.MlpBias);
        down_proj = new AdaptableLinear(config.IntermediateSize, config.HiddenSize, config.MlpBias);
        activation = Activations.ByName(config.HiddenAct, "text config");
        RegisterComponents();
    }

    public IReadOnlyList<AdaptableLinear> Linears => new[] { gate_proj, up_proj, down_proj };
    public AdaptableLinear OutputProjection => down_proj;

    public override Tensor forward(Tensor hidden)
    {
        using var scope = NewDisposeScope();
        return down_proj.forward(activation(gate_proj.forward(hidden)) * up_proj.forward(hidden)).MoveToOuterDisposeScope();
    }
}
