using System.Collections.Concurrent;

namespace MedPeft.Evaluation.Metrics.WordNet;

/// <summary>
/// A WordNet synset: its part of speech, its byte offset in the <c>data.*</c> file of the database it
/// was read from (the compact database has other offsets than the original), and its lemma names.
/// </summary>
internal sealed record WordNetSynset(WordNetPartOfSpeech PartOfSpeech, long Offset, IReadOnlyList<string> LemmaNames);

/// <summary>
/// Read access to a WordNet 3.0 database in its original text form (<c>index.*</c>, <c>data.*</c>,
/// <c>*.exc</c>; format in wndb(5WN)) or in the compact form of the same layout that ships with
/// MedPeft (<see cref="CompactWordNet"/>), answering <see cref="Synsets"/> as NLTK's
/// <c>wordnet.synsets(word)</c> does. Nothing is parsed up front: an index is searched in place
/// (only its line starts are kept), data lines are read when a synset is asked for, exception
/// lists are read on first use, and the synsets of each word asked for are cached. Safe to use from several threads.
/// </summary>
internal sealed class WordNetDatabase : IDisposable
{
    /// <summary>The environment variable that names the database folder when no option does.</summary>
    public const string EnvironmentVariable = "MEDPEFT_WORDNET";

    static readonly WordNetPartOfSpeech[] SearchOrder = Enum.GetValues<WordNetPartOfSpeech>();

    readonly Dictionary<WordNetPartOfSpeech, WordNetTextFile> indexFiles = new();
    readonly Dictionary<WordNetPartOfSpeech, WordNetTextFile> dataFiles = new();
    readonly Dictionary<WordNetPartOfSpeech, WordNetTextFile> exceptionFiles = new();
    readonly Dictionary<WordNetPartOfSpeech, Lazy<Dictionary<string, string[]>>> exceptionLists = new();
    readonly ConcurrentDictionary<(WordNetPartOfSpeech, long), WordNetSynset> synsetCache = new();
    readonly ConcurrentDictionary<string, IReadOnlyList<WordNetSynset>> synsetsCache = new(StringComparer.Ordinal);

    WordNetDatabase(string? directory, Func<string, WordNetTextFile> open)
    {
        Directory = directory;
        try
        {
            foreach (var pos in SearchOrder)
            {
                indexFiles[pos] = open(pos.IndexFileName());
                dataFiles[pos] = open(pos.DataFileName());
                var exceptions = exceptionFiles[pos] = open(pos.ExceptionFileName());
                exceptionLists[pos] = new Lazy<Dictionary<string, string[]>>(() => ReadExceptionList(exceptions));
            }
        }
        catch
        {
            Dispose();
            throw;
        }
    }

    /// <summary>The folder the database was opened from; null for the one shipped with MedPeft.</summary>
    public string? Directory { get; }

    /// <summary>Which database this is, for people: "WordNet 3.0 from &lt;folder&gt;" or "WordNet 3.0 (shipped with MedPeft)".</summary>
    public string Description => Directory is null ? "WordNet 3.0 (shipped with MedPeft)" : $"WordNet 3.0 from {Directory}";

    /// <summary>
    /// The folder to read WordNet from: <paramref name="option"/> when given, else the value of
    /// <see cref="EnvironmentVariable"/> (<paramref name="environmentValue"/>), else null: the database shipped with MedPeft.
    /// </summary>
    public static string? ChooseDirectory(string? option, string? environmentValue) =>
        !string.IsNullOrWhiteSpace(option) ? option
        : !string.IsNullOrWhiteSpace(environmentValue) ? environmentValue
        : null;

    /// <summary>
    /// Opens the WordNet 3.0 database in <paramref name="directory"/>, or the one shipped with MedPeft
    /// when it is null. A folder that is missing, lacks a file or holds another version is a <see cref="MedPeftException"/> that says so.
    /// </summary>
    public static WordNetDatabase Open(string? directory)
    {
        var database = directory is null
            ? new WordNetDatabase(null, name => new WordNetTextFile($"{name} (shipped WordNet)", ShippedWordNet.Open(name)))
            : new WordNetDatabase(directory, name => OpenFile(directory, name));
        // Every file of the database starts with the license text, which names the version.
        var index = database.indexFiles[WordNetPartOfSpeech.Noun];
        if (index.ReadText(0, Math.Min(index.Length, 4096)).Contains("WordNet 3.0 Copyright", StringComparison.Ordinal)) return database;
        database.Dispose();
        throw new MedPeftException($"{index.Name} is not from WordNet 3.0 (its license header does not name version 3.0)");
    }

    /// <summary>The opened database of the option, else <see cref="EnvironmentVariable"/>, else the shipped one (<see cref="ChooseDirectory"/>).</summary>
    public static WordNetDatabase OpenChosen(string? option) =>
        Open(ChooseDirectory(option, Environment.GetEnvironmentVariable(EnvironmentVariable)));

    /// <summary>The file <paramref name="name"/> of the database in <paramref name="directory"/>: as the database has it, or gzip-compressed (as <see cref="CompactWordNet"/> writes them).</summary>
    internal static WordNetTextFile OpenFile(string directory, string name)
    {
        const string expected = "expected a WordNet 3.0 database (index.*, data.*, *.exc, as Princeton's dict/ folder or Debian's wordnet-base has them, "
            + "or what `medpeft data build-wordnet` writes)";
        if (!System.IO.Directory.Exists(directory)) throw new MedPeftException($"the WordNet folder {directory} does not exist; {expected}");
        var path = Path.Combine(directory, name);
        if (File.Exists(path)) return new WordNetTextFile(path, WordNetBytes.OfFile(path));
        var compressed = path + CompactWordNet.Extension;
        if (!File.Exists(compressed)) throw new MedPeftException($"the WordNet folder {directory} has no {name} (nor {name}{CompactWordNet.Extension}); {expected}");
        using var stream = File.OpenRead(compressed);
        try
        {
            return new WordNetTextFile(compressed, WordNetBytes.OfMemory(WordNetBytes.Gunzip(stream)));
        }
        catch (InvalidDataException e)
        {
            throw new MedPeftException($"{compressed}: not a gzip file ({e.Message})", e);
        }
    }

    /// <summary>
    /// The synsets of every part of speech (noun, verb, adjective, adverb) whose lemma is a base form
    /// of <paramref name="word"/> found by <see cref="Morphy"/>, in NLTK's order.
    /// </summary>
    public IReadOnlyList<WordNetSynset> Synsets(string word) =>
        synsetsCache.GetOrAdd(word.ToLowerInvariant(), lemma =>
            SearchOrder.SelectMany(pos => Morphy(lemma, pos).SelectMany(form => Offsets(form, pos).Select(offset => Synset(pos, offset))))
                .ToArray());

    /// <summary>
    /// The base forms of <paramref name="form"/> in <paramref name="pos"/> that the database has, as
    /// NLTK's morphy finds them: an entry of the exception list decides alone; otherwise the form
    /// itself and the forms one detachment rule away are tried, and while none exists the rules are
    /// applied again to all forms of the previous round.
    /// </summary>
    public IReadOnlyList<string> Morphy(string form, WordNetPartOfSpeech pos)
    {
        if (exceptionLists[pos].Value.TryGetValue(form, out var baseForms)) return Known([form, .. baseForms], pos);

        var forms = Detach([form], pos);
        var known = Known([form, .. forms], pos);
        while (known.Count == 0 && forms.Count > 0)
        {
            forms = Detach(forms, pos);
            known = Known(forms, pos);
        }
        return known;
    }

    static List<string> Detach(IEnumerable<string> forms, WordNetPartOfSpeech pos) =>
        forms.SelectMany(form => pos.DetachmentRules()
                .Where(rule => form.EndsWith(rule.Suffix, StringComparison.Ordinal))
                .Select(rule => form[..^rule.Suffix.Length] + rule.Replacement))
            .Distinct(StringComparer.Ordinal)
            .ToList();

    List<string> Known(IEnumerable<string> forms, WordNetPartOfSpeech pos) =>
        forms.Distinct(StringComparer.Ordinal).Where(form => Offsets(form, pos).Length > 0).ToList();

    /// <summary>The synset offsets listed for <paramref name="lemma"/> in <c>index.&lt;pos&gt;</c> (empty when it is not there).</summary>
    long[] Offsets(string lemma, WordNetPartOfSpeech pos)
    {
        var file = indexFiles[pos];
        return file.FindLine(lemma) is { } line ? WordNetLine.IndexSynsetOffsets(WordNetLine.Fields(line), file.Name) : [];
    }

    WordNetSynset Synset(WordNetPartOfSpeech pos, long offset) =>
        synsetCache.GetOrAdd((pos, offset), key =>
        {
            var file = dataFiles[key.Item1];
            var fields = WordNetLine.Fields(file.ReadLineAt(key.Item2));
            var wordCount = WordNetLine.DataWordCount(fields, key.Item2, file.Name);
            return new WordNetSynset(key.Item1, key.Item2, Enumerable.Range(0, wordCount).Select(i => WithoutSyntacticMarker(fields[4 + 2 * i])).ToArray());
        });

    // Adjectives may carry a marker: "galore(ip)", "outback(a)".
    static string WithoutSyntacticMarker(string word)
    {
        var open = word.IndexOf('(');
        return open >= 0 && word.EndsWith(')') ? word[..open] : word;
    }

    // Each line: an inflected form followed by its base forms. A form listed twice keeps its last line, as in NLTK.
    static Dictionary<string, string[]> ReadExceptionList(WordNetTextFile file)
    {
        var exceptions = new Dictionary<string, string[]>(StringComparer.Ordinal);
        foreach (var line in file.ReadText(0, file.Length).Split('\n'))
        {
            var terms = WordNetLine.Fields(line);
            if (terms.Length > 0) exceptions[terms[0]] = terms[1..];
        }
        return exceptions;
    }

    public void Dispose()
    {
        foreach (var file in indexFiles.Values.Concat(dataFiles.Values).Concat(exceptionFiles.Values)) file.Dispose();
    }
}
