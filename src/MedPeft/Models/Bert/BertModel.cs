using MedPeft.Models.Configs;
using MedPeft.Nn;
using MedPeft.Nn.Checkpointing;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace MedPeft.Models.Bert;

/// <summary>Per-layer caches of a BERT decoder during generation: its own keys/values and the cross-attended ones.</summary>
internal sealed record BertLayerCache(KeyValueCache Self, KeyValueCache Cross);

/// <summary>
/// HF <c>BertModel</c>, and BLIP's text model (<c>BlipTextModel</c>) when the config has an
/// encoder width: then every layer has a <c>crossattention</c> block and there are no token types.
/// Runs bidirectionally as an encoder or causally as a decoder.
/// </summary>
internal sealed class BertModel : nn.Module, IHfModel
{
    public readonly BertEmbeddings embeddings;
    public readonly BertEncoder encoder;
    public readonly BertPooler? pooler;
    public BertConfig Config { get; }

    public BertModel(BertConfig config, bool addPoolingLayer) : base(nameof(BertModel))
    {
        Config = config;
        embeddings = new BertEmbeddings(config);
        encoder = new BertEncoder(config);
        pooler = addPoolingLayer ? new BertPooler(config) : null;
        RegisterComponents();
    }

    public string ModelType => Config.ModelType;
    public string Architecture => "BertModel";
    public nn.Module Module => this;
    public IReadOnlyList<ModelComponent> Components => new[] { new ModelComponent("text-encoder", "", this) };
    public IReadOnlyDictionary<string, object> Sizes => new Dictionary<string, object>
    {
        ["hidden_size"] = Config.HiddenSize, ["num_hidden_layers"] = Config.NumHiddenLayers,
        ["num_attention_heads"] = Config.NumAttentionHeads, ["intermediate_size"] = Config.IntermediateSize, ["vocab_size"] = Config.VocabSize,
    };

    /// <param name="attentionMask">[B, T], 1 = token; null = all visible.</param>
    /// <param name="encoderHidden">States the cross-attention attends to ([B, S, encoder width]); null for plain BERT.</param>
    /// <param name="encoderMask">[B, S] mask over <paramref name="encoderHidden"/>; null = all visible.</param>
    /// <param name="causal">Decoder mode: each position sees itself and earlier ones.</param>
    /// <param name="cache">Decoder generation caches, one per layer.</param>
    /// <param name="promptEmbeds">Soft prompt rows prepended to the input; <paramref name="attentionMask"/> must already cover them.</param>
    public TransformerOutput Forward(Tensor inputIds, Tensor? tokenTypeIds, Tensor? attentionMask, Tensor? encoderHidden, Tensor? encoderMask,
        bool causal, IReadOnlyList<BertLayerCache>? cache, OutputRequest request, Tensor? promptEmbeds = null)
    {
        using var scope = NewDisposeScope();
        long past = cache is { Count: > 0 } ? cache[0].Self.Length : 0;
        var hidden = embeddings.Forward(inputIds, tokenTypeIds, past, promptEmbeds);
        long batch = hidden.shape[0], length = hidden.shape[1];
        var mask = causal
            ? AttentionMasks.Causal(batch, length, past, attentionMask, hidden.dtype, hidden.device)
            : attentionMask is null ? null : AttentionMasks.Padding(attentionMask, hidden.dtype);
        var crossMask = encoderHidden is null || encoderMask is null ? null : AttentionMasks.Padding(encoderMask, hidden.dtype);
        int index = 0;
        bool checkpoint = BlockCheckpoint.Applies(encoder, cache is null && !request.Attentions);
        var output = EncoderStack.Run(hidden, encoder.layer, (layer, h) => checkpoint
            ? (BlockCheckpoint.Run(layer, inputs => layer.Forward(inputs[0]!, inputs[1], inputs[2], inputs[3], null, false).Hidden, h, mask, encoderHidden, crossMask), null)
            : layer.Forward(h, mask, encoderHidden, crossMask, cache?[index++], request.Attentions), request);
        return output.MoveToOuterDisposeScope();
    }

    /// <summary>tanh(dense(h[:, 0])), for plain BERT with a pooler.</summary>
    public Tensor Pool(Tensor lastHiddenState) =>
        (pooler ?? throw new InvalidOperationException("this BERT model has no pooler")).forward(lastHiddenState);

    public BertLayerCache[] NewCache() =>
        Enumerable.Range(0, Config.NumHiddenLayers).Select(_ => new BertLayerCache(new KeyValueCache(), new KeyValueCache())).ToArray();
}

internal sealed class BertEmbeddings : nn.Module
{
    public readonly Embedding word_embeddings;
    public readonly Embedding position_embeddings;
    public readonly Embedding? token_type_embeddings;
    public readonly LayerNorm LayerNorm;

    public BertEmbeddings(BertConfig config) : base(nameof(BertEmbeddings))
    {
        word_embeddings = ModuleFactory.Embedding(config.VocabSize, config.HiddenSize);
        position_embeddings = ModuleFactory.Embedding(config.MaxPositionEmbeddings, config.HiddenSize);
        token_type_embeddings = config.TypeVocabSize > 0 ? ModuleFactory.Embedding(config.TypeVocabSize, config.HiddenSize) : null;
        LayerNorm = ModuleFactory.LayerNorm(config.HiddenSize, config.LayerNormEps);
        RegisterComponents();
    }

    /// <param name="promptEmbeds">Soft prompt rows [B, P, hidden] placed before the word embeddings (prompt tuning); they take positions 0..P-1.</param>
    public Tensor Forward(Tensor inputIds, Tensor? tokenTypeIds, long pastLength, Tensor? promptEmbeds = null)
    {
        using var scope = NewDisposeScope();
        var words = word_embeddings.forward(inputIds);
        if (promptEmbeds is not null)
        {
            words = torch.cat(new[] { promptEmbeds.to_type(words.dtype), words }, 1);
            if (tokenTypeIds is not null) tokenTypeIds = torch.cat(new[] { torch.zeros(promptEmbeds.shape[0], promptEmbeds.shape[1], tokenTypeIds.dtype, tokenTypeIds.device), tokenTypeIds }, 1);
        }
        long length = words.shape[1];
        if (pastLength + length > position_embeddings.weight!.shape[0])
            throw new MedPeftException($"text of {pastLength + length} tokens is longer than the model's max_position_embeddings ({position_embeddings.weight!.shape[0]}).");
        var positions = torch.arange(pastLength, pastLength + length, device: inputIds.device).unsqueeze(0);
        var hidden = words + position_embeddings.forward(positions);
        if (token_type_embeddings is not null)
            hidden = hidden + token_type_embeddings.forward(tokenTypeIds ?? torch.zeros(words.shape[0], length, ScalarType.Int64, inputIds.device));
        return SampleNorms.Apply(LayerNorm, hidden).MoveToOuterDisposeScope();
    }
}

internal sealed class BertEncoder : nn.Module, ICheckpointedStack
{
    public readonly ModuleList<BertLayer> layer;

    public BertEncoder(BertConfig config) : base(nameof(BertEncoder))
    {
        layer = new ModuleList<BertLayer>(Enumerable.Range(0, config.NumHiddenLayers).Select(_ => new BertLayer(config)).ToArray());
        RegisterComponents();
    }

    public bool GradientCheckpointing { get; set; }
}

internal sealed class BertLayer : nn.Module
{
    public readonly BertAttention attention;
    public readonly BertAttention? crossattention;
    public readonly BertIntermediate intermediate;
    public readonly BertOutput output;

    public BertLayer(BertConfig config) : base(nameof(BertLayer))
    {
        attention = new BertAttention(config, AttentionKind.Self);
        crossattention = config.HasCrossAttention ? new BertAttention(config, AttentionKind.Cross) : null;
        intermediate = new BertIntermediate(config);
        output = new BertOutput(config, intermediate.dense);
        RegisterComponents();
    }

    public (Tensor Hidden, Tensor? Probabilities) Forward(Tensor hidden, Tensor? mask, Tensor? encoderHidden, Tensor? encoderMask,
        BertLayerCache? cache, bool returnProbabilities)
    {
        using var scope = NewDisposeScope();
        var (attended, probabilities) = attention.Forward(hidden, hidden, mask, cache?.Self, returnProbabilities);
        if (crossattention is not null && encoderHidden is not null)
            (attended, _) = crossattention.Forward(attended, encoderHidden, encoderMask, cache?.Cross, false);
        var result = output.Forward(intermediate.forward(attended), attended);
        return (result.MoveToOuterDisposeScope(), probabilities?.MoveToOuterDisposeScope());
    }
}

/// <summary>Attention (<c>self</c>) followed by its output block (<c>output</c>: dense, residual, LayerNorm).</summary>
internal sealed class BertAttention : nn.Module
{
    public readonly BertSelfAttention self;
    public readonly BertSelfOutput output;

    public BertAttention(BertConfig config, AttentionKind kind) : base(nameof(BertAttention))
    {
        output = new BertSelfOutput(config);
        self = new BertSelfAttention(config, kind, output.dense);
        RegisterComponents();
    }

    public (Tensor Hidden, Tensor? Probabilities) Forward(Tensor hidden, Tensor keySource, Tensor? mask, KeyValueCache? cache, bool returnProbabilities)
    {
        using var scope = NewDisposeScope();
        var (context, probabilities) = self.Forward(hidden, keySource, mask, cache, returnProbabilities);
        return (output.Forward(context, hidden).MoveToOuterDisposeScope(), probabilities?.MoveToOuterDisposeScope());
    }
}

/// <summary>
/// BERT's query/key/value projections. As an <see cref="IAttentionBlock"/> it also reports the output
/// projection, which HF keeps in the sibling <c>output.dense</c>.
/// </summary>
internal sealed class BertSelfAttention : nn.Module, IAttentionBlock
{
    public readonly AdaptableLinear query, key, value;
    // Held through a delegate: a module-typed field would be registered as a second parent of the layer.
    readonly Func<AdaptableLinear> outputProjection;
    readonly long heads, headDim;

    public BertSelfAttention(BertConfig config, AttentionKind kind, AdaptableLinear outputProjection) : base(nameof(BertSelfAttention))
    {
        Kind = kind;
        this.outputProjection = () => outputProjection;
        heads = config.NumAttentionHeads;
        headDim = config.HiddenSize / heads;
        long keyWidth = kind == AttentionKind.Cross ? config.EncoderHiddenSize!.Value : config.HiddenSize;
        query = new AdaptableLinear(config.HiddenSize, config.HiddenSize);
        key = new AdaptableLinear(keyWidth, config.HiddenSize);
        value = new AdaptableLinear(keyWidth, config.HiddenSize);
        RegisterComponents();
    }

    public AttentionKind Kind { get; }
    public long KeyValueHeads => heads;
    public long HeadDim => headDim;
    public IPrefixSource? Prefix { get; set; }
    public IReadOnlyList<AttentionProjection> Projections => new[]
    {
        Projection.Of(ProjectionRole.Query, query), Projection.Of(ProjectionRole.Key, key),
        Projection.Of(ProjectionRole.Value, value), Projection.Of(ProjectionRole.Output, outputProjection()),
    };

    /// <summary>Returns the merged-head context, before the output projection.</summary>
    public (Tensor Context, Tensor? Probabilities) Forward(Tensor hidden, Tensor keySource, Tensor? mask, KeyValueCache? cache, bool returnProbabilities)
    {
        using var scope = NewDisposeScope();
        var q = AttentionKernel.SplitHeads(query.forward(hidden), heads);
        Tensor k, v;
        if (Kind == AttentionKind.Cross && cache is { Length: > 0 })
            (k, v) = (cache.Key!, cache.Value!);
        else
        {
            k = AttentionKernel.SplitHeads(key.forward(keySource), heads);
            v = AttentionKernel.SplitHeads(value.forward(keySource), heads);
            if (cache is not null)
            {
                if (Kind == AttentionKind.Cross) cache.Set(k, v);
                else (k, v) = cache.Append(k, v);
            }
        }
        var (fullKey, fullValue, fullMask) = this.WithPrefix(k, v, mask);
        var (context, probabilities) = AttentionKernel.Attend(q, fullKey, fullValue, fullMask, returnProbabilities);
        return (AttentionKernel.MergeHeads(context).MoveToOuterDisposeScope(), probabilities?.MoveToOuterDisposeScope());
    }
}

internal sealed class BertSelfOutput : nn.Module
{
    public readonly AdaptableLinear dense;
    public readonly LayerNorm LayerNorm;

    public BertSelfOutput(BertConfig config) : base(nameof(BertSelfOutput))
    {
        dense = new AdaptableLinear(config.HiddenSize, config.HiddenSize);
        LayerNorm = ModuleFactory.LayerNorm(config.HiddenSize, config.LayerNormEps);
        RegisterComponents();
    }

    public Tensor Forward(Tensor context, Tensor residual)
    {
        using var scope = NewDisposeScope();
        return SampleNorms.Apply(LayerNorm, dense.forward(context) + residual).MoveToOuterDisposeScope();
    }
}

/// <summary>The first half of BERT's feed-forward block; with <see cref="BertOutput"/> it forms the FFN.</summary>
internal sealed class BertIntermediate : nn.Module<Tensor, Tensor>
{
    public readonly AdaptableLinear dense;
    readonly Func<Tensor, Tensor> activation;

    public BertIntermediate(BertConfig config) : base(nameof(BertIntermediate))
    {
        dense = new AdaptableLinear(config.HiddenSize, config.IntermediateSize);
        activation = Activations.ByName(config.HiddenAct, "text config");
        RegisterComponents();
    }

    public override Tensor forward(Tensor hidden)
    {
        using var scope = NewDisposeScope();
        return activation(dense.forward(hidden)).MoveToOuterDisposeScope();
    }
}

/// <summary>
/// The second half of BERT's feed-forward block (dense, residual, LayerNorm). As an
/// <see cref="IFeedForwardBlock"/> it reports both FFN linears, the first living in the sibling
/// <c>intermediate</c>.
/// </summary>
internal sealed class BertOutput : nn.Module, IFeedForwardBlock
{
    public readonly AdaptableLinear dense;
    public readonly LayerNorm LayerNorm;
    // Held through a delegate: a module-typed field would be registered as a second parent of the layer.
    readonly Func<AdaptableLinear> firstLinear;

    public BertOutput(BertConfig config, AdaptableLinear firstLinear) : base(nameof(BertOutput))
    {
        dense = new AdaptableLinear(config.IntermediateSize, config.HiddenSize);
        LayerNorm = ModuleFactory.LayerNorm(config.HiddenSize, config.LayerNormEps);
        this.firstLinear = () => firstLinear;
        RegisterComponents();
    }

    public IReadOnlyList<AdaptableLinear> Linears => new[] { firstLinear(), dense };
    public AdaptableLinear OutputProjection => dense;

    public Tensor Forward(Tensor intermediateOutput, Tensor residual)
    {
        using var scope = NewDisposeScope();
        return SampleNorms.Apply(LayerNorm, dense.forward(intermediateOutput) + residual).MoveToOuterDisposeScope();
    }
}

internal sealed class BertPooler : nn.Module<Tensor, Tensor>
{
    public readonly AdaptableLinear dense;

    public BertPooler(BertConfig config) : base(nameof(BertPooler))
    {
        dense = new AdaptableLinear(config.HiddenSize, config.HiddenSize);
        RegisterComponents();
    }

    public override Tensor forward(Tensor lastHiddenState)
    {
        using var scope = NewDisposeScope();
        return torch.tanh(dense.forward(lastHiddenState.select(1, 0))).MoveToOuterDisposeScope();
    }
}
