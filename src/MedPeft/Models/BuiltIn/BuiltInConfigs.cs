using System.Text.Json.Nodes;
using MedPeft.Models.Configs;

namespace MedPeft.Models.BuiltIn;

/// <summary>
/// Model configurations that need no download, built with seeded random weights: tiny models for
/// tests and quick checks, and the sizes the performance anchor measured HF + PEFT with.
/// </summary>
internal static class BuiltInConfigs
{
    static readonly Dictionary<string, (string Description, string Json)> Configs = new()
    {
        ["tiny-blip"] = ("BlipForQuestionAnswering, 2+2+2 layers of width 32 (tests, quick checks)", """
            {"model_type": "blip", "architectures": ["BlipForQuestionAnswering"],
             "vision_config": {"hidden_size": 32, "intermediate_size": 64, "num_hidden_layers": 2, "num_attention_heads": 4, "image_size": 32, "patch_size": 8},
             "text_config": {"vocab_size": 128, "hidden_size": 32, "encoder_hidden_size": 32, "intermediate_size": 64, "num_hidden_layers": 2,
                             "num_attention_heads": 4, "max_position_embeddings": 64, "bos_token_id": 1, "sep_token_id": 2, "pad_token_id": 0}}
            """),
        ["tiny-llava"] = ("LlavaForConditionalGeneration, CLIP 3 layers of width 32 + LLaMA 2 layers of width 64 (tests, quick checks)", """
            {"model_type": "llava", "architectures": ["LlavaForConditionalGeneration"], "image_token_index": 150,
             "vision_feature_layer": -2, "vision_feature_select_strategy": "default", "projector_hidden_act": "gelu",
             "vision_config": {"model_type": "clip_vision_model", "hidden_size": 32, "intermediate_size": 64, "num_hidden_layers": 3, "num_attention_heads": 4, "image_size": 32, "patch_size": 8},
             "text_config": {"model_type": "llama", "vocab_size": 160, "hidden_size": 64, "intermediate_size": 128, "num_hidden_layers": 2,
                             "num_attention_heads": 4, "num_key_value_heads": 2, "max_position_embeddings": 128, "rms_norm_eps": 1e-5, "pad_token_id": 0}}
            """),
        ["blip-base"] = ("BlipForQuestionAnswering at BLIP-base size with 224-pixel images (HF BlipConfig() defaults; 384M parameters)", """
            {"model_type": "blip", "architectures": ["BlipForQuestionAnswering"], "vision_config": {"image_size": 224}, "text_config": {}}
            """),
        ["llama-small"] = ("LlamaForCausalLM: hidden 1024, 8 layers, 16 heads / 4 KV heads, FFN 2816, vocab 32000 (156M parameters)", """
            {"model_type": "llama", "architectures": ["LlamaForCausalLM"], "vocab_size": 32000, "hidden_size": 1024, "intermediate_size": 2816,
             "num_hidden_layers": 8, "num_attention_heads": 16, "num_key_value_heads": 4, "max_position_embeddings": 2048}
            """),
        // microsoft/llava-med-v1.5-mistral-7b as `medpeft convert llava` writes it in HF's layout: Mistral-7B-Instruct-v0.2
        // (rope_theta 1e6, no sliding window), CLIP ViT-L/14 at 336 pixels (576 image tokens, the second-last layer's
        // patches), the mlp2x_gelu projector; the vocabulary with <image> and <pad> added and padded to a multiple of 64.
        // Seeded random weights: built with --precision bf16 its linear weights are drawn layer by layer into bfloat16.
        ["llava-med-7b"] = ("LlavaForConditionalGeneration in the shape of LLaVA-Med v1.5 (Mistral-7B + CLIP ViT-L/14-336, 7.57B parameters)", """
            {"model_type": "llava", "architectures": ["LlavaForConditionalGeneration"], "image_token_index": 32000,
             "vision_feature_layer": -2, "vision_feature_select_strategy": "default", "projector_hidden_act": "gelu",
             "vision_config": {"model_type": "clip_vision_model", "hidden_size": 1024, "intermediate_size": 4096, "num_hidden_layers": 24,
                               "num_attention_heads": 16, "image_size": 336, "patch_size": 14, "projection_dim": 768},
             "text_config": {"model_type": "mistral", "vocab_size": 32064, "hidden_size": 4096, "intermediate_size": 14336, "num_hidden_layers": 32,
                             "num_attention_heads": 32, "num_key_value_heads": 8, "max_position_embeddings": 32768, "rms_norm_eps": 1e-5,
                             "rope_theta": 1000000.0, "sliding_window": null, "pad_token_id": 32001}}
            """),
    };

    public static IReadOnlyCollection<string> Names => Configs.Keys;

    public static string Describe(string name) => Configs[name].Description;

    public static bool TryGet(string name, out ConfigObject config)
    {
        config = null!;
        if (!Configs.TryGetValue(name, out var entry)) return false;
        config = new ConfigObject((JsonObject)JsonNode.Parse(entry.Json)!, $"built-in config '{name}'");
        return true;
    }
}
