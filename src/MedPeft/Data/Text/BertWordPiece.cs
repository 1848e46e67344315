using Microsoft.ML.Tokenizers;

namespace MedPeft.Data.Text;

/// <summary>
/// BERT's WordPiece tokenizer from a <c>vocab.txt</c> (one token per line, the line number is the id),
/// as BLIP uses it: lower-cased, accents stripped, punctuation split, unknown words as <c>[UNK]</c>.
/// </summary>
internal sealed class BertWordPiece
{
    readonly BertTokenizer tokenizer;
    readonly bool stripAccents;

    public string VocabPath { get; }
    /// <summary>Lines of the vocabulary: every id is below.</summary>
    public int TokenCount { get; }
    public int ClsId { get; }
    public int SepId { get; }
    public int PadId { get; }

    BertWordPiece(BertTokenizer tokenizer, string vocabPath, bool stripAccents)
    {
        this.tokenizer = tokenizer;
        this.stripAccents = stripAccents && !LatinAccents.RuntimeCanNormalize;
        VocabPath = vocabPath;
        TokenCount = File.ReadLines(vocabPath).Count();
        ClsId = tokenizer.ClassificationTokenId;
        SepId = tokenizer.SeparatorTokenId;
        PadId = tokenizer.PaddingTokenId;
    }

    public static BertWordPiece Load(string vocabPath, bool lowerCase = true)
    {
        if (!File.Exists(vocabPath)) throw new MedPeftException($"{vocabPath}: file not found (expected a BERT vocab.txt).");
        try
        {
            var options = new BertOptions { LowerCaseBeforeTokenization = lowerCase, RemoveNonSpacingMarks = lowerCase };
            return new BertWordPiece(BertTokenizer.Create(vocabPath, options), vocabPath, stripAccents: lowerCase);
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException or FormatException or KeyNotFoundException)
        {
            throw new MedPeftException($"{vocabPath}: not a usable BERT vocab.txt ({e.Message}).");
        }
    }

    /// <summary>The ids of a text without [CLS]/[SEP].</summary>
    public IReadOnlyList<int> Encode(string text) =>
        tokenizer.EncodeToIds(stripAccents ? LatinAccents.Strip(text) : text, addSpecialTokens: false);

    public string Decode(IEnumerable<int> ids) => tokenizer.Decode(ids) ?? "";
}
