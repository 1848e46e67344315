namespace MedPeft.Models.Configs;

/// <summary>
/// A BERT-style text transformer: plain <c>bert</c> (token types, pooler) or BLIP's text model
/// (<c>blip_text_model</c>: no token types, cross-attention to an encoder of width
/// <see cref="EncoderHiddenSize"/>), with the defaults of HF's <c>BertConfig</c> / <c>BlipTextConfig</c>.
/// </summary>
internal sealed record BertConfig(
    string ModelType, int VocabSize, int HiddenSize, int NumHiddenLayers, int NumAttentionHeads, int IntermediateSize,
    string HiddenAct, int MaxPositionEmbeddings, int TypeVocabSize, double LayerNormEps, int PadTokenId,
    int? EncoderHiddenSize, int BosTokenId, int SepTokenId, int EosTokenId, double LabelSmoothing)
{
    public bool HasCrossAttention => EncoderHiddenSize is not null;

    public static BertConfig BertFrom(ConfigObject c)
    {
        string positions = c.String("position_embedding_type", "absolute");
        if (positions != "absolute")
            throw new MedPeftException($"{c.Source}: position_embedding_type '{positions}' is not supported; expected 'absolute'.");
        return new BertConfig("bert", c.Size("vocab_size", 30522, ConfigLimits.Vocabulary), c.Size("hidden_size", 768, ConfigLimits.Width),
            c.Size("num_hidden_layers", 12, ConfigLimits.Layers), c.Size("num_attention_heads", 12, ConfigLimits.Width),
            c.Size("intermediate_size", 3072, ConfigLimits.FeedForward), c.Activation("hidden_act", "gelu"),
            c.Size("max_position_embeddings", 512, ConfigLimits.Positions), c.Size("type_vocab_size", 2, ConfigLimits.TokenTypes),
            c.Positive("layer_norm_eps", 1e-12),
            c.Int("pad_token_id", 0), null, c.IntOrFirst("bos_token_id") ?? 101, c.IntOrFirst("sep_token_id") ?? 102,
            c.IntOrFirst("eos_token_id") ?? 102, 0.0).Validated(c.Source);
    }

    public static BertConfig BlipTextFrom(ConfigObject c, double labelSmoothing) => new BertConfig(
        "blip_text_model", c.Size("vocab_size", 30524, ConfigLimits.Vocabulary), c.Size("hidden_size", 768, ConfigLimits.Width),
        c.Size("num_hidden_layers", 12, ConfigLimits.Layers), c.Size("num_attention_heads", 8, ConfigLimits.Width),
        c.Size("intermediate_size", 3072, ConfigLimits.FeedForward), c.Activation("hidden_act", "gelu"),
        c.Size("max_position_embeddings", 512, ConfigLimits.Positions), 0, c.Positive("layer_norm_eps", 1e-12), c.Int("pad_token_id", 0),
        c.Size("encoder_hidden_size", 768, ConfigLimits.Width), c.IntOrFirst("bos_token_id") ?? 30522, c.IntOrFirst("sep_token_id") ?? 102,
        c.IntOrFirst("eos_token_id") ?? 2, LabelSmoothingOf(c, labelSmoothing)).Validated(c.Source);

    static double LabelSmoothingOf(ConfigObject c, double fallback)
    {
        double value = c.Double("label_smoothing", fallback);
        return value is >= 0 and < 1 ? value : throw new MedPeftException($"{c.Source}: field 'label_smoothing' is {value}; expected a number in [0, 1).");
    }

    BertConfig Validated(string source)
    {
        ConfigChecks.Divisible(source, "hidden_size", HiddenSize, "num_attention_heads", NumAttentionHeads);
        return this;
    }
}
