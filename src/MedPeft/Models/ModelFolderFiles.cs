using MedPeft.Data.Images;

namespace MedPeft.Models;

/// <summary>
/// The files of a model folder besides <c>config.json</c> and the weights: the tokenizer (<c>vocab.txt</c>
/// for BLIP, <c>tokenizer.model</c> with the HF tokenizer settings for LLaVA) and the image preprocessing
/// settings, each where present.
/// A checkpoint written from a model folder carries them along.
/// </summary>
internal static class ModelFolderFiles
{
    public const string BertVocab = "vocab.txt";
    public const string SentencePiece = "tokenizer.model";
    public const string TokenizerConfig = "tokenizer_config.json";
    public const string SpecialTokensMap = "special_tokens_map.json";
    public const string AddedTokens = "added_tokens.json";

    public static readonly IReadOnlyList<string> Companions = [BertVocab, SentencePiece, TokenizerConfig, SpecialTokensMap, AddedTokens, PreprocessorConfig.FileName];
}
