namespace MedPeft.Models.Configs;

/// <summary>
/// A ViT image encoder's sizes: CLIP's (<c>clip_vision_model</c>) or BLIP's (<c>blip_vision_model</c>),
/// with the defaults of HF's <c>CLIPVisionConfig</c> / <c>BlipVisionConfig</c>.
/// </summary>
internal sealed record VisionTransformerConfig(
    string ModelType, int HiddenSize, int IntermediateSize, int NumHiddenLayers, int NumAttentionHeads,
    int NumChannels, int ImageSize, int PatchSize, string HiddenAct, double LayerNormEps)
{
    public int NumPatches => (ImageSize / PatchSize) * (ImageSize / PatchSize);
    public int SequenceLength => NumPatches + 1;

    public static VisionTransformerConfig ClipFrom(ConfigObject c) => From(c, "clip_vision_model", imageSize: 224, patchSize: 32, "quick_gelu");

    public static VisionTransformerConfig BlipFrom(ConfigObject c) => From(c, "blip_vision_model", imageSize: 384, patchSize: 16, "gelu");

    static VisionTransformerConfig From(ConfigObject c, string type, int imageSize, int patchSize, string activation) => new VisionTransformerConfig(
        type, c.Size("hidden_size", 768, ConfigLimits.Width), c.Size("intermediate_size", 3072, ConfigLimits.FeedForward),
        c.Size("num_hidden_layers", 12, ConfigLimits.Layers), c.Size("num_attention_heads", 12, ConfigLimits.Width),
        c.Size("num_channels", 3, ConfigLimits.ImageChannels), c.Size("image_size", imageSize, ConfigLimits.ImageSide),
        c.Size("patch_size", patchSize, ConfigLimits.ImageSide), c.Activation("hidden_act", activation), c.Positive("layer_norm_eps", 1e-5)).Validated(c.Source);

    VisionTransformerConfig Validated(string source)
    {
        ConfigChecks.Divisible(source, "hidden_size", HiddenSize, "num_attention_heads", NumAttentionHeads);
        ConfigChecks.Divisible(source, "image_size", ImageSize, "patch_size", PatchSize);
        return this;
    }
}
