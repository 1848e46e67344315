using Microsoft.ML.Tokenizers;

namespace MedPeft.Data.Text;

/// <summary>
/// The SentencePiece tokenizer of LLaMA/Mistral (and so LLaVA/LLaVA-Med) from a <c>tokenizer.model</c>:
/// BPE with byte fallback and the model's own normalisation (the leading "▁" of each encoded text).
/// </summary>
internal sealed class LlamaSentencePiece
{
    readonly SentencePieceTokenizer tokenizer;

    public string ModelPath { get; }
    public int BosId => tokenizer.BeginningOfSentenceId;
    public int EosId => tokenizer.EndOfSentenceId;
    /// <summary>One more than the largest id of a piece: every id is below.</summary>
    public int TokenCount => tokenizer.Vocabulary.Values.Max() + 1;

    LlamaSentencePiece(SentencePieceTokenizer tokenizer, string modelPath)
    {
        this.tokenizer = tokenizer;
        ModelPath = modelPath;
    }

    public static LlamaSentencePiece Load(string modelPath)
    {
        if (!File.Exists(modelPath)) throw new MedPeftException($"{modelPath}: file not found (expected a SentencePiece tokenizer.model).");
        try
        {
            using var stream = File.OpenRead(modelPath);
            return new LlamaSentencePiece(LlamaTokenizer.Create(stream, addBeginOfSentence: false, addEndOfSentence: false), modelPath);
        }
        catch (Exception e) when (e is not MedPeftException and not OutOfMemoryException)
        {
            throw new MedPeftException($"{modelPath}: not a usable SentencePiece model ({e.Message}).");
        }
    }

    /// <summary>The ids of a text, without BOS or EOS.</summary>
    public IReadOnlyList<int> Encode(string text) => tokenizer.EncodeToIds(text, addBeginningOfSentence: false, addEndOfSentence: false);

    public string Decode(IEnumerable<int> ids) => tokenizer.Decode(ids, considerSpecialTokens: false) ?? "";
}
