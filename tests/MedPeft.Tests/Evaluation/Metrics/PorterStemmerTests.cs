using MedPeft.Evaluation.Metrics;

namespace MedPeft.Tests.Evaluation.Metrics;

public class PorterStemmerTests
{
    public static TheoryData<string, string> NltkStems()
    {
        var data = new TheoryData<string, string>();
        foreach (var line in File.ReadLines(Path.Combine(MetricFixtures.Folder, "porter_nltk38.tsv")).Where(l => !l.StartsWith('#')))
        {
            var fields = line.Split('\t');
            data.Add(fields[0], fields[1]);
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(NltkStems))]
    public void StemsAsNltkDoesInItsDefaultMode(string word, string expected) => Assert.Equal(expected, PorterStemmer.Stem(word));

    [Theory]
    // The published algorithm's own examples where NLTK's extensions do not change them (Porter 1980).
    [InlineData("caresses", "caress")]
    [InlineData("ponies", "poni")]
    [InlineData("motoring", "motor")]
    [InlineData("hopping", "hop")]
    [InlineData("filing", "file")]
    [InlineData("relational", "relat")]
    [InlineData("allowance", "allow")]
    [InlineData("controll", "control")]
    // NLTK's extensions: irregular forms, four-letter -ies/-ied, y->i only after a consonant, short words kept.
    [InlineData("dying", "die")]
    [InlineData("ties", "tie")]
    [InlineData("died", "die")]
    [InlineData("enjoy", "enjoy")]
    [InlineData("by", "by")]
    public void FollowsThePublishedExamples(string word, string expected) => Assert.Equal(expected, PorterStemmer.Stem(word));
}
