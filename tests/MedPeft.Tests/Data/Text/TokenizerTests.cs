using System.Text.Json;
using MedPeft.Data.Text;

namespace MedPeft.Tests.Data.Text;

public class TokenizerTests
{
    static readonly BertWordPiece Bert = BertWordPiece.Load(TestData.Path("Text", "vocab.txt"));
    internal static readonly LlamaSentencePiece Llama = LlamaSentencePiece.Load(TestData.Path("Text", "tokenizer.model"));

    [Fact]
    public void WordPieceMatchesHandWorkedIds()
    {
        // vocab.txt line numbers: is 5, there 6, a 7, nod 8, ##ule 9, in 10, the 11, left 12, lung 13, ? 14.
        Assert.Equal([5, 6, 7, 8, 9, 10, 11, 12, 13, 14], Bert.Encode("Is there a nodule in the LEFT lung?"));
        // Accent stripped (cafe 30), unknown punctuation and words as [UNK] 1, organs = organ 25 + ##s 26.
        Assert.Equal([30, 1, 25, 26, 17, 1, 18], Bert.Encode("Café: organs, pneumothorax."));
        Assert.Equal([32, 31, 26], Bert.Encode("2 lesions"));
        Assert.Equal((2, 3, 0), (Bert.ClsId, Bert.SepId, Bert.PadId));
    }

    public static TheoryData<string> ReferenceTexts()
    {
        var data = new TheoryData<string>();
        foreach (var e in Reference().GetProperty("encodings").EnumerateArray()) data.Add(e.GetProperty("text").GetString()!);
        return data;
    }

    internal static JsonElement Reference() => TestData.Json("Text", "sentencepiece_reference.json");

    internal static int[] ReferenceIds(string text) =>
        Reference().GetProperty("encodings").EnumerateArray().Single(e => e.GetProperty("text").GetString() == text)
            .GetProperty("ids").EnumerateArray().Select(v => v.GetInt32()).ToArray();

    [Theory]
    [MemberData(nameof(ReferenceTexts))]
    public void SentencePieceMatchesGooglesLibrary(string text)
    {
        Assert.Equal(ReferenceIds(text), Llama.Encode(text));
    }

    [Fact]
    public void SentencePieceSpecialIdsAndRoundTrip()
    {
        Assert.Equal((1, 2), (Llama.BosId, Llama.EosId));
        Assert.Equal("There are 12 lesions: é, 肺!", Llama.Decode(Llama.Encode("There are 12 lesions: é, 肺!")));
    }

    [Fact]
    public void MissingTokenizerFilesAreReported()
    {
        Assert.Contains("vocab.txt", Assert.Throws<MedPeftException>(() => BertWordPiece.Load("/nowhere/vocab.txt")).Message);
        var error = Assert.Throws<MedPeftException>(() => LlamaSentencePiece.Load(TestData.Path("Text", "vocab.txt")));
        Assert.Contains("not a usable SentencePiece model", error.Message);
    }
}
