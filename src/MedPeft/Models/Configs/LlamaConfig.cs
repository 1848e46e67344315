namespace MedPeft.Models.Configs;

/// <summary>
/// A LLaMA-family decoder (<c>llama</c> or <c>mistral</c>), with the defaults of HF's
/// <c>LlamaConfig</c> / <c>MistralConfig</c>.
/// </summary>
internal sealed record LlamaConfig(
    string ModelType, int VocabSize, int HiddenSize, int IntermediateSize, int NumHiddenLayers, int NumAttentionHeads,
    int NumKeyValueHeads, int HeadDim, string HiddenAct, double RmsNormEps, double RopeTheta, double RopeLinearScaling,
    bool TieWordEmbeddings, bool AttentionBias, bool MlpBias, int? SlidingWindow, int MaxPositionEmbeddings,
    int? PadTokenId, int BosTokenId, int EosTokenId)
{
    /// <param name="modelType">The text model's type when the config's own <c>model_type</c> names a wrapper (original LLaVA's <c>llava_mistral</c>).</param>
    public static LlamaConfig From(ConfigObject c, string? modelType = null)
    {
        string type = modelType ?? c.String("model_type", "llama");
        bool mistral = type == "mistral";
        int hidden = c.Size("hidden_size", 4096, ConfigLimits.Width);
        int heads = c.Size("num_attention_heads", 32, ConfigLimits.Width);
        ConfigChecks.Divisible(c.Source, "hidden_size", hidden, "num_attention_heads", heads);
        int kvHeads = c.OptionalSize("num_key_value_heads", ConfigLimits.Width) ?? (mistral ? 8 : heads);
        ConfigChecks.Divisible(c.Source, "num_attention_heads", heads, "num_key_value_heads", kvHeads);
        return new LlamaConfig(
            type, c.Size("vocab_size", 32000, ConfigLimits.Vocabulary), hidden, c.Size("intermediate_size", mistral ? 14336 : 11008, ConfigLimits.FeedForward),
            c.Size("num_hidden_layers", 32, ConfigLimits.Layers), heads, kvHeads, c.OptionalSize("head_dim", ConfigLimits.HeadWidth) ?? hidden / heads,
            c.Activation("hidden_act", "silu"), c.Positive("rms_norm_eps", 1e-6), c.Positive("rope_theta", 10000.0),
            RopeScaling(c), c.Bool("tie_word_embeddings", false), c.Bool("attention_bias", false), c.Bool("mlp_bias", false),
            mistral ? (c.Has("sliding_window") ? c.OptionalSize("sliding_window", ConfigLimits.Positions) : 4096) : null,
            c.Size("max_position_embeddings", mistral ? 4096 * 32 : 2048, ConfigLimits.Positions),
            c.OptionalInt("pad_token_id"), c.IntOrFirst("bos_token_id") ?? 1, c.IntOrFirst("eos_token_id") ?? 2);
    }

    static double RopeScaling(ConfigObject c)
    {
        var scaling = c.Nested("rope_scaling");
        if (scaling is null) return 1.0;
        string type = scaling.OptionalString("rope_type") ?? scaling.String("type", "");
        return type switch
        {
            "linear" => scaling.Positive("factor", 1.0),
            "default" => 1.0,
            _ => throw new MedPeftException($"{c.Source}: rope_scaling type '{type}' is not supported; expected none or 'linear'."),
        };
    }
}
