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

    public static VisionTransformerConfig ClipFrom(ConfigObject c) => new VisionTransformerConfig(
        "clip_vision_model", c.Int("hidden_size", 768), c.Int("intermediate_size", 3072), c.Int("num_hidden_layers", 12),
        c.Int("num_attention_heads", 12), c.Int("num_channels", 3), c.Int("image_size", 224), c.Int("patch_size", 32),
        c.String("hidden_act", "quick_gelu"), c.Double("layer_norm_eps", 1e-5)).Validated(c.Source);

    public static VisionTransformerConfig BlipFrom(ConfigObject c) => new VisionTransformerConfig(
        "blip_vision_model", c.Int("hidden_size", 768), c.Int("intermediate_size", 3072), c.Int("num_hidden_layers", 12),
        c.Int("num_attention_heads", 12), c.Int("num_channels", 3), c.Int("image_size", 384), c.Int("patch_size", 16),
        c.String("hidden_act", "gelu"), c.Double("layer_norm_eps", 1e-5)).Validated(c.Source);

    VisionTransformerConfig Validated(string source)
    {
        ConfigChecks.Divisible(source, "hidden_size", HiddenSize, "num_attention_heads", NumAttentionHeads);
        ConfigChecks.Divisible(source, "image_size", ImageSize, "patch_size", PatchSize);
        return this;
    }
}
