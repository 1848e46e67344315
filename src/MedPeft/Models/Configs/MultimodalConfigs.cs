namespace MedPeft.Models.Configs;

/// <summary>
/// HF <c>LlavaConfig</c>: a CLIP vision tower, a projector and a LLaMA-family language model. The
/// projector has <see cref="ProjectorLinears"/> Linear layers with the activation between them (HF: 2);
/// <see cref="Original"/> is set for a checkpoint in the original LLaVA code's layout.
/// </summary>
internal sealed record LlavaConfig(
    VisionTransformerConfig Vision, LlamaConfig Text, int ImageTokenIndex, int IgnoreIndex, string ProjectorHiddenAct,
    bool ProjectorBias, int VisionFeatureLayer, string VisionFeatureSelectStrategy, int? PadTokenId,
    int ProjectorLinears = 2, LlavaOriginalLayout? Original = null)
{
    public static LlavaConfig From(ConfigObject c)
    {
        // Without a vision_config HF builds CLIP ViT-L/14-336; a given one fills the CLIP class defaults.
        var vision = c.Nested("vision_config") is { } v
            ? VisionTransformerConfig.ClipFrom(v)
            : new VisionTransformerConfig("clip_vision_model", 1024, 4096, 24, 16, 3, 336, 14, "quick_gelu", 1e-5);
        var textJson = c.Nested("text_config");
        var text = textJson is null ? LlamaConfig.From(new ConfigObject(new(), $"{c.Source} (text_config)")) : LlamaConfig.From(textJson);
        if (text.ModelType is not ("llama" or "mistral"))
            throw new MedPeftException($"{c.Source}: text_config.model_type '{text.ModelType}' is not supported; expected 'llama' or 'mistral'.");
        string strategy = c.String("vision_feature_select_strategy", "default");
        if (strategy is not ("default" or "full"))
            throw new MedPeftException($"{c.Source}: vision_feature_select_strategy '{strategy}' is not supported; expected 'default' or 'full'.");
        int layer = CheckedFeatureLayer(c.Source, "vision_feature_layer", c.Int("vision_feature_layer", -2), vision);
        return new LlavaConfig(vision, text, c.Int("image_token_index", 32000), c.Int("ignore_index", -100),
            c.Activation("projector_hidden_act", "gelu"), c.Bool("multimodal_projector_bias", true), layer, strategy,
            c.OptionalInt("pad_token_id"));
    }

    /// <summary>The index of the vision hidden state the features are taken from (negative counts from the end), checked against the tower.</summary>
    public static int CheckedFeatureLayer(string source, string field, int layer, VisionTransformerConfig vision) =>
        layer < -(vision.NumHiddenLayers + 1) || layer > vision.NumHiddenLayers
            ? throw new MedPeftException($"{source}: {field} {layer} is outside the vision tower's {vision.NumHiddenLayers + 1} hidden states.")
            : layer;
}

/// <summary>
/// HF <c>BlipConfig</c> as <c>BlipForQuestionAnswering</c> uses it. The image encoder is BLIP's ViT, or —
/// a MedPeft extension for CNN-based Med-VQA models — a ResNet (<c>vision_config.model_type</c> "resnet")
/// whose feature grid is projected to the text width.
/// </summary>
internal sealed record BlipConfig(VisionTransformerConfig? Vision, Models.ResNet.ResNetConfig? ResNetVision, BertConfig Text)
{
    /// <summary>The square input size of the image encoder.</summary>
    public int ImageSize => Vision?.ImageSize ?? ResNetVision!.ImageSize;

    public static BlipConfig From(ConfigObject c)
    {
        var visionJson = c.Nested("vision_config") ?? new ConfigObject(new(), $"{c.Source} (vision_config)");
        var textJson = c.Nested("text_config") ?? new ConfigObject(new(), $"{c.Source} (text_config)");
        var text = BertConfig.BlipTextFrom(textJson, c.Double("label_smoothing", 0.0));
        if (visionJson.String("model_type", "blip_vision_model") == Models.ResNet.ResNetConfig.ModelType)
        {
            var resnet = Models.ResNet.ResNetConfig.From(visionJson, visionJson.Source);
            // The projected image tokens and the encoded question share the text width, so both
            // cross-attentions (text encoder to image, decoder to question) take that width.
            if (text.EncoderHiddenSize != text.HiddenSize)
                throw new MedPeftException($"{c.Source}: with a ResNet image encoder, text_config.encoder_hidden_size ({text.EncoderHiddenSize}) must equal text_config.hidden_size ({text.HiddenSize}).");
            return new BlipConfig(null, resnet, text);
        }
        var vision = VisionTransformerConfig.BlipFrom(visionJson);
        if (text.EncoderHiddenSize != vision.HiddenSize)
            throw new MedPeftException($"{c.Source}: text_config.encoder_hidden_size ({text.EncoderHiddenSize}) must equal vision_config.hidden_size ({vision.HiddenSize}).");
        return new BlipConfig(vision, null, text);
    }
}
