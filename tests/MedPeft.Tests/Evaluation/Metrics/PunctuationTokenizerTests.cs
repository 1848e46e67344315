using MedPeft.Evaluation.Metrics;

namespace MedPeft.Tests.Evaluation.Metrics;

public class PunctuationTokenizerTests
{
    [Fact]
    public void TokenizesEveryFixtureReportAsTheReferenceDid()
    {
        foreach (var pair in MetricFixtures.ReportPairs)
        {
            Assert.Equal(pair.Text("candidate_tokenized"), PunctuationTokenizer.Tokenize(pair.Text("candidate")));
            Assert.Equal(pair.Texts("references_tokenized"), pair.Texts("references").Select(PunctuationTokenizer.Tokenize));
        }
    }

    [Theory]
    [InlineData("well-expanded", "well expanded")]
    [InlineData("a 5-mm nodule", "a 5 mm nodule")]
    [InlineData("1.5 cm", "1 5 cm")]
    [InlineData("the patient's", "the patient s")]
    [InlineData("\"...\"", "")]
    [InlineData("  No\tacute\n\nDisease  ", "no acute disease")]
    [InlineData("a{b}c|d~e`f^g_h\\i@j", "a b c d e f g h i j")]
    [InlineData("x\u001cy", "x y")] // Python's str.split() also splits on the ASCII separators 0x1C-0x1F
    public void LowercasesSpacesPunctuationAndSplitsOnWhitespace(string text, string expected) =>
        Assert.Equal(expected, PunctuationTokenizer.Tokenize(text));
}
