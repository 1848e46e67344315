using MedPeft.Models.Bert;
using MedPeft.Models.Configs;
using MedPeft.Models.Vision;
using MedPeft.Nn;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace MedPeft.Models.Blip;

/// <summary>The image and the question encoded; <see cref="QuestionMask"/> covers a soft prompt when there is one.</summary>
internal sealed record BlipEncoding(Tensor ImageEmbeds, TransformerOutput Vision, Tensor QuestionEmbeds, Tensor QuestionMask)
{
    public BlipEncoding MoveToOuterDisposeScope()
    {
        ImageEmbeds.MoveToOuterDisposeScope();
        Vision.MoveToOuterDisposeScope();
        QuestionEmbeds.MoveToOuterDisposeScope();
        QuestionMask.MoveToOuterDisposeScope();
        return this;
    }
}

/// <summary>What <see cref="BlipForQuestionAnswering.Forward"/> computes.</summary>
internal sealed record BlipVqaOutput(BlipEncoding Encoding, Tensor DecoderLogits, Tensor? Loss);

/// <summary>
/// HF <c>BlipForQuestionAnswering</c>: a ViT image encoder, a BERT text encoder that cross-attends
/// to the image, and a BERT answer decoder that cross-attends to the encoded question.
/// </summary>
internal sealed class BlipForQuestionAnswering : nn.Module, IHfModel, ISoftPromptHost
{
    /// <summary>A <see cref="BlipVisionModel"/> (ViT) or a <see cref="BlipResNetVisionModel"/>.</summary>
    public readonly nn.Module vision_model;
    public readonly BertModel text_encoder;
    public readonly BlipTextLMHeadModel text_decoder;
    public BlipConfig Config { get; }

    public BlipForQuestionAnswering(BlipConfig config) : base(nameof(BlipForQuestionAnswering))
    {
        Config = config;
        vision_model = config.ResNetVision is { } resnet
            ? new BlipResNetVisionModel(resnet, config.Text.HiddenSize, config.Text.LayerNormEps)
            : new BlipVisionModel(config.Vision!);
        text_encoder = new BertModel(config.Text, addPoolingLayer: false);
        text_decoder = new BlipTextLMHeadModel(config.Text);
        RegisterComponents();
    }

    public string ModelType => "blip";
    public string Architecture => "BlipForQuestionAnswering";
    public nn.Module Module => this;
    public IReadOnlyList<ModelComponent> Components => new[]
    {
        new ModelComponent("vision", "vision_model.", vision_model),
        new ModelComponent("text-encoder", "text_encoder.", text_encoder),
        new ModelComponent("decoder", "text_decoder.", text_decoder),
    };
    public IBlipImageEncoder ImageEncoder => (IBlipImageEncoder)vision_model;

    public IReadOnlyDictionary<string, object> Sizes => (Config.Vision is { } vit ? VisionSizes.Of(vit, "vision_")
            : new Dictionary<string, object> { ["vision_resnet_depths"] = string.Join(",", Config.ResNetVision!.Depths), ["vision_image_size"] = Config.ResNetVision.ImageSize })
        .Concat(new Dictionary<string, object>
        {
            ["text_hidden_size"] = Config.Text.HiddenSize, ["text_num_hidden_layers"] = Config.Text.NumHiddenLayers,
            ["text_num_attention_heads"] = Config.Text.NumAttentionHeads, ["vocab_size"] = Config.Text.VocabSize,
        }).ToDictionary(kv => kv.Key, kv => kv.Value);

    public string PromptComponent => "text-encoder";
    public long PromptWidth => Config.Text.HiddenSize;
    public Tensor InputEmbeddingWeight => text_encoder.embeddings.word_embeddings.weight!;
    public Func<Tensor>? SoftPrompt { get; set; }

    /// <summary>Image embeddings, then the question (after the soft prompt, if any) encoded against them ([B, Tq, hidden]).</summary>
    public BlipEncoding Encode(Tensor pixelValues, Tensor inputIds, Tensor? attentionMask, OutputRequest visionRequest)
    {
        using var scope = NewDisposeScope();
        var (imageEmbeds, vision) = ImageEncoder.Forward(pixelValues, visionRequest);
        var (question, mask) = EncodeQuestion(imageEmbeds, inputIds, attentionMask);
        return new BlipEncoding(imageEmbeds, vision, question, mask).MoveToOuterDisposeScope();
    }

    /// <summary>
    /// The question (after the soft prompt, if any) encoded against given image embeddings; returns it
    /// with its mask (which covers the prompt).
    /// </summary>
    public (Tensor QuestionEmbeds, Tensor QuestionMask) EncodeQuestion(Tensor imageEmbeds, Tensor inputIds, Tensor? attentionMask)
    {
        using var scope = NewDisposeScope();
        var mask = attentionMask ?? torch.ones_like(inputIds);
        Tensor? prompt = null;
        if (SoftPrompt is not null)
        {
            var rows = SoftPrompt();
            prompt = rows.unsqueeze(0).expand(inputIds.shape[0], rows.shape[0], rows.shape[1]);
            mask = torch.cat(new[] { torch.ones(inputIds.shape[0], rows.shape[0], mask.dtype, mask.device), mask }, 1);
        }
        var question = text_encoder.Forward(inputIds, null, mask, imageEmbeds, null, causal: false, null, OutputRequest.None, prompt);
        return (question.LastHiddenState.MoveToOuterDisposeScope(), mask.MoveToOuterDisposeScope());
    }

    /// <summary>
    /// Teacher-forced answer logits [B, Ta, vocab] and, with labels, the mean next-token loss
    /// (labels[:, 1:] against logits[:, :-1], -100 ignored). As in HF, the decoder's cross-attention
    /// hides the question's padding.
    /// </summary>
    public BlipVqaOutput Forward(Tensor pixelValues, Tensor inputIds, Tensor? attentionMask, Tensor decoderInputIds, Tensor? decoderAttentionMask,
        Tensor? labels, OutputRequest visionRequest)
    {
        using var scope = NewDisposeScope();
        var encoding = Encode(pixelValues, inputIds, attentionMask, visionRequest);
        var (logits, loss) = Decode(encoding.QuestionEmbeds, encoding.QuestionMask, decoderInputIds, decoderAttentionMask, labels);
        return new BlipVqaOutput(encoding.MoveToOuterDisposeScope(), logits.MoveToOuterDisposeScope(), loss?.MoveToOuterDisposeScope());
    }

    /// <summary>Teacher-forced answer logits over an encoded question, and with labels the loss.</summary>
    public (Tensor Logits, Tensor? Loss) Decode(Tensor questionEmbeds, Tensor questionMask, Tensor decoderInputIds, Tensor? decoderAttentionMask, Tensor? labels)
    {
        using var scope = NewDisposeScope();
        var logits = text_decoder.Forward(decoderInputIds, decoderAttentionMask, questionEmbeds, questionMask, null);
        var loss = labels is null ? null : text_decoder.Loss(logits, labels);
        return (logits.MoveToOuterDisposeScope(), loss?.MoveToOuterDisposeScope());
    }
}

/// <summary>HF <c>BlipTextLMHeadModel</c>: a causal BERT (<c>bert</c>) with an LM head (<c>cls</c>).</summary>
internal sealed class BlipTextLMHeadModel : nn.Module
{
    public readonly BertModel bert;
    public readonly BertOnlyMlmHead cls;
    readonly double labelSmoothing;

    public BlipTextLMHeadModel(BertConfig config) : base(nameof(BlipTextLMHeadModel))
    {
        bert = new BertModel(config, addPoolingLayer: false);
        cls = new BertOnlyMlmHead(config);
        labelSmoothing = config.LabelSmoothing;
        RegisterComponents();
    }

    /// <summary>Logits [B, T, vocab] of a causal pass over <paramref name="inputIds"/>.</summary>
    public Tensor Forward(Tensor inputIds, Tensor? attentionMask, Tensor encoderHidden, Tensor? encoderMask, IReadOnlyList<BertLayerCache>? cache)
    {
        using var scope = NewDisposeScope();
        var output = bert.Forward(inputIds, null, attentionMask, encoderHidden, encoderMask, causal: true, cache, OutputRequest.None);
        return cls.forward(output.LastHiddenState).MoveToOuterDisposeScope();
    }

    /// <summary>The next-token loss with the config's label smoothing.</summary>
    public Tensor Loss(Tensor logits, Tensor labels) => NextTokenLoss.Compute(logits, labels, labelSmoothing);
}


internal sealed class BertOnlyMlmHead : nn.Module<Tensor, Tensor>
{
    public readonly BertLmPredictionHead predictions;

    public BertOnlyMlmHead(BertConfig config) : base(nameof(BertOnlyMlmHead))
    {
        predictions = new BertLmPredictionHead(config);
        RegisterComponents();
    }

    public override Tensor forward(Tensor hidden) => predictions.forward(hidden);
}

/// <summary>transform (dense, activation, LayerNorm), then <c>decoder</c> plus the shared <c>bias</c>.</summary>
internal sealed class BertLmPredictionHead : nn.Module<Tensor, Tensor>, IOutputBias
{
    public readonly BertPredictionHeadTransform transform;
    public readonly AdaptableLinear decoder;
    public readonly Parameter bias;

    public BertLmPredictionHead(BertConfig config) : base(nameof(BertLmPredictionHead))
    {
        transform = new BertPredictionHeadTransform(config);
        decoder = new AdaptableLinear(config.HiddenSize, config.VocabSize, hasBias: false);
        bias = new Parameter(ModuleFactory.Zeros(config.VocabSize));
        RegisterComponents();
    }

    public Tensor OutputBias => bias;

    public override Tensor forward(Tensor hidden)
    {
        using var scope = NewDisposeScope();
        return SampleLayers.AddBias(this, decoder.forward(transform.forward(hidden))).MoveToOuterDisposeScope();
    }
}

internal sealed class BertPredictionHeadTransform : nn.Module<Tensor, Tensor>
{
    public readonly AdaptableLinear dense;
    public readonly LayerNorm LayerNorm;
    readonly Func<Tensor, Tensor> activation;

    public BertPredictionHeadTransform(BertConfig config) : base(nameof(BertPredictionHeadTransform))
    {
        dense = new AdaptableLinear(config.HiddenSize, config.HiddenSize);
        LayerNorm = ModuleFactory.LayerNorm(config.HiddenSize, config.LayerNormEps);
        activation = Activations.ByName(config.HiddenAct, "text config");
        RegisterComponents();
    }

    public override Tensor forward(Tensor hidden)
    {
        using var scope = NewDisposeScope();
        return SampleNorms.Apply(LayerNorm, activation(dense.forward(hidden))).MoveToOuterDisposeScope();
    }
}
