using System.Text.Json.Nodes;
using MedPeft.Models.Configs;

namespace MedPeft.Models.Llava;

/// <summary>
/// The <c>config.json</c> of an HF <c>LlavaForConditionalGeneration</c> (transformers' <c>LlavaConfig</c>) for a
/// LLaVA config: <c>text_config</c> and <c>vision_config</c> with every value MedPeft reads written out.
/// </summary>
internal static class LlavaHfConfigJson
{
    public static JsonObject For(LlavaConfig config, int vocabSize, int imageTokenIndex, int padTokenId)
    {
        var text = config.Text;
        var textJson = new JsonObject
        {
            ["model_type"] = text.ModelType, ["vocab_size"] = vocabSize, ["hidden_size"] = text.HiddenSize,
            ["intermediate_size"] = text.IntermediateSize, ["num_hidden_layers"] = text.NumHiddenLayers,
            ["num_attention_heads"] = text.NumAttentionHeads, ["num_key_value_heads"] = text.NumKeyValueHeads,
            ["head_dim"] = text.HeadDim, ["hidden_act"] = text.HiddenAct, ["rms_norm_eps"] = text.RmsNormEps, ["rope_theta"] = text.RopeTheta,
            ["max_position_embeddings"] = text.MaxPositionEmbeddings, ["tie_word_embeddings"] = text.TieWordEmbeddings,
            ["bos_token_id"] = text.BosTokenId, ["eos_token_id"] = text.EosTokenId, ["pad_token_id"] = padTokenId,
        };
        if (text.ModelType == "mistral") textJson["sliding_window"] = text.SlidingWindow;
        else
        {
            textJson["attention_bias"] = text.AttentionBias;
            textJson["mlp_bias"] = text.MlpBias;
        }
        if (text.RopeLinearScaling != 1.0) textJson["rope_scaling"] = new JsonObject { ["type"] = "linear", ["factor"] = text.RopeLinearScaling };
        var vision = config.Vision;
        var visionJson = new JsonObject
        {
            ["model_type"] = "clip_vision_model", ["hidden_size"] = vision.HiddenSize, ["intermediate_size"] = vision.IntermediateSize,
            ["num_hidden_layers"] = vision.NumHiddenLayers, ["num_attention_heads"] = vision.NumAttentionHeads,
            ["num_channels"] = vision.NumChannels, ["image_size"] = vision.ImageSize, ["patch_size"] = vision.PatchSize,
            ["hidden_act"] = vision.HiddenAct, ["layer_norm_eps"] = vision.LayerNormEps,
        };
        return new JsonObject
        {
            ["architectures"] = new JsonArray("LlavaForConditionalGeneration"), ["model_type"] = "llava",
            ["image_token_index"] = imageTokenIndex, ["pad_token_id"] = padTokenId, ["ignore_index"] = config.IgnoreIndex,
            ["projector_hidden_act"] = config.ProjectorHiddenAct, ["vision_feature_layer"] = config.VisionFeatureLayer,
            ["vision_feature_select_strategy"] = config.VisionFeatureSelectStrategy, ["torch_dtype"] = "float32",
            ["text_config"] = textJson, ["vision_config"] = visionJson,
        };
    }
}
