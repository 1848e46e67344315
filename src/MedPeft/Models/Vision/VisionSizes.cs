using MedPeft.Models.Configs;

namespace MedPeft.Models.Vision;

/// <summary>The sizes <c>medpeft inspect</c> shows for a ViT image encoder.</summary>
internal static class VisionSizes
{
    public static IReadOnlyDictionary<string, object> Of(VisionTransformerConfig c, string prefix = "") => new Dictionary<string, object>
    {
        [prefix + "hidden_size"] = c.HiddenSize, [prefix + "num_hidden_layers"] = c.NumHiddenLayers,
        [prefix + "num_attention_heads"] = c.NumAttentionHeads, [prefix + "image_size"] = c.ImageSize, [prefix + "patch_size"] = c.PatchSize,
    };
}
