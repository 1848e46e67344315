using MedPeft.Evaluation.Metrics.WordNet;

namespace MedPeft.Tests.Evaluation.Metrics.WordNet;

/// <summary>
/// The compact database answers as the original does: on a hand-made database always, and on the
/// whole of WordNet 3.0 (against the shipped copy, which must also be exactly what the writer gives) where the original is at hand.
/// </summary>
public sealed class CompactWordNetTests : IDisposable
{
    static readonly string Tiny = TestData.Path("Evaluation", "Metrics", "WordNet", "tiny");

    readonly string folder = Directory.CreateTempSubdirectory("medpeft-compact-wn-").FullName;

    public void Dispose() => Directory.Delete(folder, recursive: true);

    [Fact]
    public void TheCompactFormOfAHandMadeDatabaseAnswersAsTheOriginal()
    {
        var compact = Path.Combine(folder, "compact");
        CompactWordNet.Write(Tiny, compact);
        Assert.Equal(["LICENSE", "adj.exc.gz", "adv.exc.gz", "data.adj.gz", "data.adv.gz", "data.noun.gz", "data.verb.gz",
            "index.adj.gz", "index.adv.gz", "index.noun.gz", "index.verb.gz", "noun.exc.gz", "verb.exc.gz"],
            Directory.EnumerateFiles(compact).Select(Path.GetFileName).Order(StringComparer.Ordinal));

        using var original = WordNetDatabase.Open(Tiny);
        using var small = WordNetDatabase.Open(compact);
        var words = Lemmas(Tiny).Concat(["dogs", "leaves", "men", "ran", "left", "better", "best", "galores", "Dog", "cat"]).ToList();
        Assert.Empty(Differences(original, small, words));
        Assert.Equal(["abounding", "galore"], small.Synsets("galore")[0].LemmaNames);
        Assert.Equal(["leaf", "leave"], small.Morphy("leaves", WordNetPartOfSpeech.Noun));

        // Glosses and pointers are gone; the same input gives the same bytes.
        var data = WordNetBytes.Gunzip(File.OpenRead(Path.Combine(compact, "data.noun.gz")));
        Assert.DoesNotContain((byte)'|', data);
        var again = Path.Combine(folder, "again");
        CompactWordNet.Write(Tiny, again);
        foreach (var file in Directory.EnumerateFiles(compact))
            Assert.Equal(File.ReadAllBytes(file), File.ReadAllBytes(Path.Combine(again, Path.GetFileName(file))));
    }

    [Fact]
    public void AFolderThatIsNotWordNetIsRefusedBeforeAnythingIsWritten()
    {
        var output = Path.Combine(folder, "out");
        var error = Assert.Throws<MedPeftException>(() => CompactWordNet.Write(Path.Combine(folder, "absent"), output));
        Assert.Contains("does not exist", error.Message);
        Assert.False(Directory.Exists(output));
    }

    [FullWordNetFact]
    public void TheShippedDatabaseIsWhatTheWriterMakesOfTheOriginal()
    {
        var compact = Path.Combine(folder, "compact");
        CompactWordNet.Write(FullWordNetFactAttribute.Folder!, compact);
        foreach (var file in Directory.EnumerateFiles(compact, "*" + CompactWordNet.Extension))
        {
            using var shipped = typeof(WordNetDatabase).Assembly.GetManifestResourceStream($"MedPeft.BuiltInData.wordnet.{Path.GetFileName(file)}");
            Assert.NotNull(shipped);
            var bytes = new MemoryStream();
            shipped.CopyTo(bytes);
            Assert.True(File.ReadAllBytes(file).AsSpan().SequenceEqual(bytes.ToArray()), $"{Path.GetFileName(file)} differs from the shipped copy");
        }
    }

    [FullWordNetFact]
    public void TheShippedDatabaseAnswersAsTheOriginalForEveryLemmaAndException()
    {
        var directory = FullWordNetFactAttribute.Folder!;
        using var original = WordNetDatabase.Open(directory);
        using var shipped = WordNetDatabase.Open(null);
        var exceptionForms = Enum.GetValues<WordNetPartOfSpeech>()
            .SelectMany(pos => File.ReadLines(Path.Combine(directory, pos.ExceptionFileName())).Select(line => line.Split(' ')[0]));
        var words = Lemmas(directory).Concat(exceptionForms).Distinct(StringComparer.Ordinal).ToList();
        Assert.True(words.Count > 150_000, $"{words.Count} words");
        Assert.Empty(Differences(original, shipped, words));
    }

    /// <summary>The first lemma of every index line of every part of speech.</summary>
    static IEnumerable<string> Lemmas(string directory) =>
        Enum.GetValues<WordNetPartOfSpeech>()
            .SelectMany(pos => File.ReadLines(Path.Combine(directory, pos.IndexFileName())))
            .Where(line => !line.StartsWith(' '))
            .Select(line => line.Split(' ')[0]);

    /// <summary>The words on which the two databases' synsets (part of speech, lemma names in order) or base forms differ; at most ten.</summary>
    static List<string> Differences(WordNetDatabase expected, WordNetDatabase actual, IEnumerable<string> words) =>
        words.Where(word => !Answers(expected, word).SequenceEqual(Answers(actual, word))).Take(10).ToList();

    static IEnumerable<string> Answers(WordNetDatabase database, string word) =>
        database.Synsets(word).Select(s => $"{s.PartOfSpeech}: {string.Join(' ', s.LemmaNames)}")
            .Concat(Enum.GetValues<WordNetPartOfSpeech>().Select(pos => $"morphy {pos}: {string.Join(' ', database.Morphy(word, pos))}"));
}
