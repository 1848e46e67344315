using MedPeft.Evaluation.Metrics.WordNet;

namespace MedPeft.Tests.Evaluation.Metrics.WordNet;

/// <summary>
/// Against the installed WordNet 3.0 (Debian's wordnet-base, which .ci/run installs). Expected
/// values are what NLTK 3.8's <c>wordnet._morphy</c> and <c>wordnet.synsets</c> return on it.
/// </summary>
public sealed class WordNetDatabaseTests : IDisposable
{
    readonly WordNetDatabase database = WordNetDatabase.Open(InstalledDirectory);
    readonly string folder = Directory.CreateTempSubdirectory("medpeft-wn-").FullName;

    public static string InstalledDirectory =>
        WordNetDatabase.ChooseDirectory(null, Environment.GetEnvironmentVariable(WordNetDatabase.EnvironmentVariable));

    public void Dispose()
    {
        database.Dispose();
        Directory.Delete(folder, recursive: true);
    }

    [Theory]
    [InlineData("aurar", WordNetPartOfSpeech.Noun, "eyrir")] // listed twice in noun.exc: the last line wins
    [InlineData("offer", WordNetPartOfSpeech.Adjective, "")] // adj.exc maps it to "off" and "offer", neither an adjective
    [InlineData("women", WordNetPartOfSpeech.Noun, "woman")]
    [InlineData("leaves", WordNetPartOfSpeech.Noun, "leaf leave")] // NLTK's extra -ves -> -f rule
    [InlineData("churches", WordNetPartOfSpeech.Noun, "church")]
    [InlineData("ran", WordNetPartOfSpeech.Verb, "run")]
    [InlineData("denied", WordNetPartOfSpeech.Verb, "deny")]
    [InlineData("better", WordNetPartOfSpeech.Adjective, "better good well")]
    [InlineData("happier", WordNetPartOfSpeech.Adjective, "happy")]
    [InlineData("quickly", WordNetPartOfSpeech.Adverb, "quickly")]
    [InlineData("magnifi", WordNetPartOfSpeech.Verb, "")]
    [InlineData("xmen", WordNetPartOfSpeech.Noun, "")]
    public void MorphyFindsTheBaseFormsNltkFinds(string form, WordNetPartOfSpeech pos, string expected) =>
        Assert.Equal(expected.Split(' ', StringSplitOptions.RemoveEmptyEntries), database.Morphy(form, pos));

    [Theory]
    [InlineData("edema", "dropsy edema hydrops oedema")]
    [InlineData("thorax", "chest pectus thorax")]
    [InlineData("mild", "balmy meek mild modest soft")]
    [InlineData("slight", "cold-shoulder flimsy fragile little rebuff slender slight slim svelte tenuous thin")]
    [InlineData("enlarg", "")]
    public void SynsetsGiveTheLemmaNamesNltkGives(string word, string expected)
    {
        var names = database.Synsets(word).SelectMany(s => s.LemmaNames).Where(n => !n.Contains('_')).Distinct().Order(StringComparer.Ordinal);
        Assert.Equal(expected.Split(' ', StringSplitOptions.RemoveEmptyEntries), names);
    }

    [Fact]
    public void SynsetsKeepNltksOrderAndDropSyntacticMarkers()
    {
        // data.adj lists "galore(ip)"; NLTK gives both adjective-satellite synsets of "galore" in index order.
        var synsets = database.Synsets("Galore");
        Assert.Equal([(WordNetPartOfSpeech.Adjective, 1552162L), (WordNetPartOfSpeech.Adjective, 14358L)], synsets.Select(s => (s.PartOfSpeech, s.Offset)));
        Assert.Equal(["abounding", "galore"], synsets[1].LemmaNames);

        Assert.Equal([5553618L, 5552607L, 2665543L], database.Synsets("thorax").Select(s => s.Offset));
        Assert.Equal(["thorax", "chest", "pectus"], database.Synsets("thorax")[1].LemmaNames);
    }

    [Fact]
    public void DirectoryComesFromTheOptionThenTheEnvironmentThenDebiansPlace()
    {
        Assert.Equal("/opt/wn", WordNetDatabase.ChooseDirectory("/opt/wn", "/env/wn"));
        Assert.Equal("/env/wn", WordNetDatabase.ChooseDirectory(null, "/env/wn"));
        Assert.Equal("/usr/share/wordnet", WordNetDatabase.ChooseDirectory(null, ""));
    }

    [Fact]
    public void AMissingOrIncompleteFolderIsReportedNotOpened()
    {
        var missing = Path.Combine(folder, "absent");
        Assert.Null(WordNetDatabase.TryOpen(missing, out var problem));
        Assert.Contains(missing, problem);

        File.WriteAllText(Path.Combine(folder, "index.noun"), "");
        Assert.Null(WordNetDatabase.TryOpen(folder, out problem));
        Assert.Contains("has no data.noun", problem);

        var error = Assert.Throws<MedPeftException>(() => WordNetDatabase.Open(folder));
        Assert.Contains(folder, error.Message);
    }

    [Fact]
    public void AnotherWordNetVersionIsRefused()
    {
        foreach (var suffix in new[] { "noun", "verb", "adj", "adv" })
            foreach (var name in new[] { $"index.{suffix}", $"data.{suffix}", $"{suffix}.exc" })
                File.WriteAllText(Path.Combine(folder, name), "  1 WordNet 3.1 Copyright 2011 by Princeton University.\n");
        Assert.Null(WordNetDatabase.TryOpen(folder, out var problem));
        Assert.Contains("not from WordNet 3.0", problem);
    }
}
