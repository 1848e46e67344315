using MedPeft.Evaluation.Metrics.WordNet;

namespace MedPeft.Tests.Evaluation.Metrics.WordNet;

/// <summary>
/// Against the WordNet 3.0 METEOR uses by default (the one shipped with MedPeft, unless
/// <c>MEDPEFT_WORDNET</c> names another). Expected values are what NLTK 3.8's
/// <c>wordnet._morphy</c> and <c>wordnet.synsets</c> return on WordNet 3.0.
/// </summary>
public sealed class WordNetDatabaseTests : IDisposable
{
    readonly WordNetDatabase database = WordNetDatabase.OpenChosen(null);
    readonly string folder = Directory.CreateTempSubdirectory("medpeft-wn-").FullName;

    public void Dispose()
    {
        database.Dispose();
        Directory.Delete(folder, recursive: true);
    }

    [Theory]
    [InlineData("aurar", "Noun", "eyrir")] // listed twice in noun.exc: the last line wins
    [InlineData("offer", "Adjective", "")] // adj.exc maps it to "off" and "offer", neither an adjective
    [InlineData("women", "Noun", "woman")]
    [InlineData("leaves", "Noun", "leaf leave")] // NLTK's extra -ves -> -f rule
    [InlineData("churches", "Noun", "church")]
    [InlineData("ran", "Verb", "run")]
    [InlineData("denied", "Verb", "deny")]
    [InlineData("better", "Adjective", "better good well")]
    [InlineData("happier", "Adjective", "happy")]
    [InlineData("quickly", "Adverb", "quickly")]
    [InlineData("magnifi", "Verb", "")]
    [InlineData("xmen", "Noun", "")]
    public void MorphyFindsTheBaseFormsNltkFinds(string form, string pos, string expected) =>
        Assert.Equal(expected.Split(' ', StringSplitOptions.RemoveEmptyEntries), database.Morphy(form, Enum.Parse<WordNetPartOfSpeech>(pos)));

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
        // data.adj lists "galore(ip)"; NLTK gives both adjective-satellite synsets of "galore" in index order
        // (galore.s.01 at offset 01552162 of the original database, then abounding.s.01 at 00014358).
        var synsets = database.Synsets("Galore");
        Assert.Equal([WordNetPartOfSpeech.Adjective, WordNetPartOfSpeech.Adjective], synsets.Select(s => s.PartOfSpeech));
        Assert.Equal([["galore"], ["abounding", "galore"]], synsets.Select(s => s.LemmaNames));

        // thorax.n.01, thorax.n.02, thorax.n.03 (offsets 05553618, 05552607, 02665543 of the original).
        Assert.Equal([["thorax"], ["thorax", "chest", "pectus"], ["thorax"]], database.Synsets("thorax").Select(s => s.LemmaNames));
    }

    [Fact]
    public void DirectoryComesFromTheOptionThenTheEnvironmentElseTheShippedDatabase()
    {
        Assert.Equal("/opt/wn", WordNetDatabase.ChooseDirectory("/opt/wn", "/env/wn"));
        Assert.Equal("/env/wn", WordNetDatabase.ChooseDirectory(null, "/env/wn"));
        Assert.Null(WordNetDatabase.ChooseDirectory(null, ""));
        Assert.Null(WordNetDatabase.ChooseDirectory(" ", null));

        using var shipped = WordNetDatabase.Open(WordNetDatabase.ChooseDirectory(null, null));
        Assert.Null(shipped.Directory);
        Assert.Equal("WordNet 3.0 (shipped with MedPeft)", shipped.Description);
        Assert.Equal([["edema", "oedema", "hydrops", "dropsy"]], shipped.Synsets("edemata").Select(s => s.LemmaNames)); // via noun.exc
    }

    [Fact]
    public void NoSourceFileReadsFromTheSystemsShareFolder()
    {
        // WordNet and the real data ship with MedPeft; system folders are read only where a user passes them
        // (--wordnet, MEDPEFT_WORDNET, data build-real --from /), so no source names one.
        var root = new DirectoryInfo(AppContext.BaseDirectory);
        while (!File.Exists(Path.Combine(root.FullName, "MedPeft.slnx"))) root = root.Parent!;
        var naming = Directory.EnumerateFiles(Path.Combine(root.FullName, "src"), "*.cs", SearchOption.AllDirectories)
            .Where(path => File.ReadAllText(path).Contains("/usr/share", StringComparison.Ordinal))
            .Select(path => Path.GetRelativePath(root.FullName, path).Replace('\\', '/'));
        Assert.Empty(naming);
    }

    [Fact]
    public void AMissingOrIncompleteFolderIsAnErrorThatNamesIt()
    {
        var missing = Path.Combine(folder, "absent");
        var error = Assert.Throws<MedPeftException>(() => WordNetDatabase.Open(missing));
        Assert.Contains($"the WordNet folder {missing} does not exist", error.Message);
        Assert.Contains("expected a WordNet 3.0 database", error.Message);

        File.WriteAllText(Path.Combine(folder, "index.noun"), "");
        error = Assert.Throws<MedPeftException>(() => WordNetDatabase.Open(folder));
        Assert.Contains($"the WordNet folder {folder} has no data.noun", error.Message);
    }

    [Fact]
    public void AnotherWordNetVersionIsRefused()
    {
        foreach (var suffix in new[] { "noun", "verb", "adj", "adv" })
            foreach (var name in new[] { $"index.{suffix}", $"data.{suffix}", $"{suffix}.exc" })
                File.WriteAllText(Path.Combine(folder, name), "  1 WordNet 3.1 Copyright 2011 by Princeton University.\n");
        var error = Assert.Throws<MedPeftException>(() => WordNetDatabase.Open(folder));
        Assert.Contains($"{Path.Combine(folder, "index.noun")} is not from WordNet 3.0", error.Message);
    }
}
