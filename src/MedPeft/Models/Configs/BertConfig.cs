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
        return new BertConfig("bert", c.Int("vocab_size", 30522), c.Int("hidden_size", 768), c.Int("num_hidden_layers", 12),
            c.Int("num_attention_heads", 12), c.Int("intermediate_size", 3072), c.String("hidden_act", "gelu"),
            c.Int("max_position_embeddings", 512), c.Int("type_vocab_size", 2), c.Double("layer_norm_eps", 1e-12),
            c.Int("pad_token_id", 0), null, c.IntOrFirst("bos_token_id") ?? 101, c.IntOrFirst("sep_token_id") ?? 102,
            c.IntOrFirst("eos_token_id") ?? 102, 0.0).Validated(c.Source);
    }

    public static BertConfig BlipTextFrom(ConfigObject c, double labelSmoothing) => new BertConfig(
        "blip_text_model", c.Int("vocab_size", 30524), c.Int("hidden_size", 768), c.Int("num_hidden_layers", 12),
        c.Int("num_attention_heads", 8), c.Int("intermediate_size", 3072), c.String("hidden_act", "gelu"),
        c.Int("max_position_embeddings", 512), 0, c.Double("layer_norm_eps", 1e-12), c.Int("pad_token_id", 0),
        c.Int("encoder_hidden_size", 768), c.IntOrFirst("bos_token_id") ?? 30522, c.IntOrFirst("sep_token_id") ?? 102,
        c.IntOrFirst("eos_token_id") ?? 2, c.Double("label_smoothing", labelSmoothing)).Validated(c.Source);

    BertConfig Validated(string source)
    {
        ConfigChecks.Divisible(source, "hidden_size", HiddenSize, "num_attention_heads", NumAttentionHeads);
        return this;
    }
}
