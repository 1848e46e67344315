using MedPeft.Models.Clip;
using MedPeft.Models.Configs;
using MedPeft.Models.Llama;
using MedPeft.Models.Vision;
using MedPeft.Nn;
using TorchSharp;
using static TorchSharp.torch;

namespace MedPeft.Models.Llava;

/// <summary>The language model's input after the image features replaced the <c>&lt;image&gt;</c> tokens.</summary>
internal sealed record LlavaMergedInput(Tensor InputsEmbeds, Tensor AttentionMask, Tensor PositionIds, Tensor? Labels) : IDisposable
{
    public void Dispose()
    {
        InputsEmbeds.Dispose();
        AttentionMask.Dispose();
        PositionIds.Dispose();
        Labels?.Dispose();
    }
}

/// <summary>What <see cref="LlavaForConditionalGeneration.Forward"/> computes.</summary>
internal sealed record LlavaOutput(Tensor SelectedFeatures, Tensor ImageFeatures, LlavaMergedInput Merged, Tensor Logits, TransformerOutput Language, Tensor? Loss);

/// <summary>
/// HF <c>LlavaForConditionalGeneration</c> (transformers 4.40 layout): a CLIP vision tower, a
/// two-layer projector and a LLaMA/Mistral language model; each <c>&lt;image&gt;</c> token of the
/// prompt is replaced by one image's projected patch features.
/// </summary>
internal sealed class LlavaForConditionalGeneration : nn.Module, IHfModel, ISoftPromptHost
{
    public readonly ClipVisionModel vision_tower;
    public readonly LlavaProjector multi_modal_projector;
    public readonly LlamaForCausalLM language_model;
    public LlavaConfig Config { get; }

    public LlavaForConditionalGeneration(LlavaConfig config) : base(nameof(LlavaForConditionalGeneration))
    {
        Config = config;
        vision_tower = new ClipVisionModel(config.Vision);
        multi_modal_projector = new LlavaProjector(config);
        language_model = new LlamaForCausalLM(config.Text);
        RegisterComponents();
    }

    public string ModelType => "llava";
    public string Architecture => Config.Original?.Architecture ?? "LlavaForConditionalGeneration";
    public nn.Module Module => this;
    public IReadOnlyList<ModelComponent> Components => new[]
    {
        new ModelComponent("vision", "vision_tower.", vision_tower),
        new ModelComponent("projector", "multi_modal_projector.", multi_modal_projector),
        new ModelComponent("llm", "language_model.", language_model),
    };
    public IReadOnlyDictionary<string, object> Sizes => VisionSizes.Of(Config.Vision, "vision_")
        .Concat(LlamaSizes.Of(Config.Text).Select(kv => new KeyValuePair<string, object>("text_" + kv.Key, kv.Value)))
        .Append(new KeyValuePair<string, object>("image_tokens", ImageTokens))
        .ToDictionary(kv => kv.Key, kv => kv.Value);

    /// <summary>The vision layers after <c>vision_feature_layer</c> and the unused <c>post_layernorm</c>.</summary>
    public IReadOnlySet<string> InertParameters
    {
        get
        {
            int layers = Config.Vision.NumHiddenLayers;
            int used = Config.VisionFeatureLayer < 0 ? layers + 1 + Config.VisionFeatureLayer : Config.VisionFeatureLayer;
            var prefixes = Enumerable.Range(used, layers - used).Select(i => $"vision_tower.vision_model.encoder.layers.{i}.")
                .Append("vision_tower.vision_model.post_layernorm.").ToList();
            return named_parameters().Select(p => p.name).Where(n => prefixes.Any(p => n.StartsWith(p, StringComparison.Ordinal))).ToHashSet();
        }
    }

    /// <summary>
    /// The original layout's name when the model was read from it; the tower's weights then go inside the
    /// checkpoint (<c>model.vision_tower.vision_tower.*</c>), where they win over the CLIP folder's on loading.
    /// </summary>
    public string CheckpointName(string parameterName) =>
        Config.Original is null ? parameterName : LlavaOriginalNames.ToOriginal(parameterName, Config.ProjectorLinears);

    public string PromptComponent => "llm";
    public long PromptWidth => Config.Text.HiddenSize;
    public Tensor InputEmbeddingWeight => language_model.model.embed_tokens.weight!;
    public Func<Tensor>? SoftPrompt { get; set; }

    /// <summary>Feature rows each image contributes (patches, plus CLS with the "full" strategy).</summary>
    public int ImageTokens => Config.Vision.NumPatches + (Config.VisionFeatureSelectStrategy == "full" ? 1 : 0);

    /// <summary>The chosen vision hidden state (CLS dropped with the "default" strategy): [images, tokens, vision width].</summary>
    public Tensor SelectFeatures(Tensor pixelValues)
    {
        using var scope = NewDisposeScope();
        var hidden = ClipHiddenState.At(vision_tower.vision_model, pixelValues, Config.VisionFeatureLayer);
        if (Config.VisionFeatureSelectStrategy == "default") hidden = hidden.narrow(1, 1, hidden.shape[1] - 1);
        return hidden.MoveToOuterDisposeScope();
    }

    /// <summary>
    /// Full forward pass: image features, merge, language model, and with labels HF's LLaVA loss
    /// (shift by one; only positions whose merged attention mask is 1 count; -100 ignored).
    /// </summary>
    public LlavaOutput Forward(Tensor inputIds, Tensor pixelValues, Tensor? attentionMask, Tensor? labels, OutputRequest request)
    {
        using var scope = NewDisposeScope();
        var selected = SelectFeatures(pixelValues);
        var imageFeatures = multi_modal_projector.forward(selected);
        // The original layout's image placeholder (-200) is no token: embed a valid id there, the merge replaces it.
        var merged = LlavaInputMerger.Merge(Config, language_model.model.embed_tokens.forward(inputIds.clamp_min(0)), inputIds, imageFeatures,
            attentionMask ?? torch.ones_like(inputIds), labels);
        if (SoftPrompt is not null) merged = LlavaInputMerger.PrependPrompt(Config, merged, SoftPrompt());
        var (logits, language) = language_model.Forward(null, merged.InputsEmbeds, merged.AttentionMask, merged.PositionIds, null, request);
        var loss = merged.Labels is null ? null : Loss(logits, merged.Labels, merged.AttentionMask);
        return new LlavaOutput(selected.MoveToOuterDisposeScope(), imageFeatures.MoveToOuterDisposeScope(),
            new LlavaMergedInput(merged.InputsEmbeds.MoveToOuterDisposeScope(), merged.AttentionMask.MoveToOuterDisposeScope(),
                merged.PositionIds.MoveToOuterDisposeScope(), merged.Labels?.MoveToOuterDisposeScope()),
            logits.MoveToOuterDisposeScope(), language.MoveToOuterDisposeScope(), loss?.MoveToOuterDisposeScope());
    }

    static Tensor Loss(Tensor logits, Tensor labels, Tensor mask)
    {
        using var scope = NewDisposeScope();
        long length = logits.shape[1];
        var keep = mask.narrow(1, 1, length - 1).ne(0);
        var shiftedLogits = logits.narrow(1, 0, length - 1)[keep];
        var shiftedLabels = labels.narrow(1, 1, length - 1)[keep];
        return nn.functional.cross_entropy(shiftedLogits, shiftedLabels, ignore_index: -100).MoveToOuterDisposeScope();
    }
}

/// <summary>
/// HF <c>LlavaMultiModalProjector</c>: linear_2(act(linear_1(features))); generalised to the original
/// LLaVA code's projectors, <c>linear</c> (linear_1 alone) and <c>mlp&lt;N&gt;x_gelu</c> (linear_1 .. linear_N
/// with GELU between them). A feed-forward block for FFN tuning.
/// </summary>
internal sealed class LlavaProjector : nn.Module<Tensor, Tensor>, IFeedForwardBlock
{
    readonly AdaptableLinear[] linears;
    readonly Func<Tensor, Tensor> activation;

    public LlavaProjector(LlavaConfig config) : base(nameof(LlavaProjector))
    {
        linears = Enumerable.Range(0, config.ProjectorLinears)
            .Select(i => new AdaptableLinear(i == 0 ? config.Vision.HiddenSize : config.Text.HiddenSize, config.Text.HiddenSize, config.ProjectorBias))
            .ToArray();
        for (int i = 0; i < linears.Length; i++) register_module(LinearName(i), linears[i]);
        activation = Activations.ByName(config.ProjectorHiddenAct, "projector_hidden_act");
    }

    /// <summary>The module name of the Linear layer at <paramref name="index"/> (0-based): HF's <c>linear_1</c>, <c>linear_2</c>, ...</summary>
    public static string LinearName(int index) => $"linear_{index + 1}";

    public IReadOnlyList<AdaptableLinear> Linears => linears;
    public AdaptableLinear OutputProjection => linears[^1];

    public override Tensor forward(Tensor features)
    {
        using var scope = NewDisposeScope();
        var x = linears[0].forward(features);
        for (int i = 1; i < linears.Length; i++) x = linears[i].forward(activation(x));
        return x.MoveToOuterDisposeScope();
    }
}
