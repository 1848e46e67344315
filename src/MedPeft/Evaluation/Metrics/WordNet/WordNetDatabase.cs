using System.Collections.Concurrent;
using System.Globalization;

namespace MedPeft.Evaluation.Metrics.WordNet;

/// <summary>A WordNet synset: its part of speech, its byte offset in <c>data.*</c>, and its lemma names.</summary>
public sealed record WordNetSynset(WordNetPartOfSpeech PartOfSpeech, long Offset, IReadOnlyList<string> LemmaNames);

/// <summary>
/// Read access to a WordNet 3.0 database in its original text form (<c>index.*</c>, <c>data.*</c>,
/// <c>*.exc</c>; format in wndb(5WN)), answering <see cref="Synsets"/> as NLTK's
/// <c>wordnet.synsets(word)</c> does. Nothing is loaded up front: an index is searched in place
/// (only its line starts are kept), data lines are read when a synset is asked for, exception
/// lists are read on first use, and the synsets of each word asked for are cached. Safe to use from several threads.
/// </summary>
public sealed class WordNetDatabase : IDisposable
{
    /// <summary>Where Debian's <c>wordnet-base</c> package installs the database.</summary>
    public const string DefaultDirectory = "/usr/share/wordnet";

    /// <summary>The environment variable that names the database folder when no option does.</summary>
    public const string EnvironmentVariable = "MEDPEFT_WORDNET";

    static readonly WordNetPartOfSpeech[] SearchOrder = Enum.GetValues<WordNetPartOfSpeech>();

    readonly Dictionary<WordNetPartOfSpeech, WordNetTextFile> indexFiles = new();
    readonly Dictionary<WordNetPartOfSpeech, WordNetTextFile> dataFiles = new();
    readonly Dictionary<WordNetPartOfSpeech, Lazy<Dictionary<string, string[]>>> exceptionLists = new();
    readonly ConcurrentDictionary<(WordNetPartOfSpeech, long), WordNetSynset> synsetCache = new();
    readonly ConcurrentDictionary<string, IReadOnlyList<WordNetSynset>> synsetsCache = new(StringComparer.Ordinal);

    WordNetDatabase(string directory)
    {
        Directory = directory;
        try
        {
            foreach (var pos in SearchOrder)
            {
                var suffix = pos.FileSuffix();
                indexFiles[pos] = new WordNetTextFile(Path.Combine(directory, $"index.{suffix}"));
                dataFiles[pos] = new WordNetTextFile(Path.Combine(directory, $"data.{suffix}"));
                var exceptionPath = Path.Combine(directory, $"{suffix}.exc");
                exceptionLists[pos] = new Lazy<Dictionary<string, string[]>>(() => ReadExceptionList(exceptionPath));
            }
        }
        catch
        {
            Dispose();
            throw;
        }
    }

    /// <summary>The folder the database was opened from.</summary>
    public string Directory { get; }

    /// <summary>
    /// The folder to read WordNet from: <paramref name="option"/> when given, else the value of
    /// <see cref="EnvironmentVariable"/> (<paramref name="environmentValue"/>), else <see cref="DefaultDirectory"/>.
    /// </summary>
    public static string ChooseDirectory(string? option, string? environmentValue) =>
        !string.IsNullOrWhiteSpace(option) ? option
        : !string.IsNullOrWhiteSpace(environmentValue) ? environmentValue
        : DefaultDirectory;

    /// <summary>Opens the WordNet 3.0 database in <paramref name="directory"/>, or returns null and says why not.</summary>
    public static WordNetDatabase? TryOpen(string directory, out string? problem)
    {
        problem = Problem(directory);
        return problem is null ? new WordNetDatabase(directory) : null;
    }

    /// <summary>Opens the WordNet 3.0 database in <paramref name="directory"/>; a missing or other database is a <see cref="MedPeftException"/>.</summary>
    public static WordNetDatabase Open(string directory) =>
        TryOpen(directory, out var problem) ?? throw new MedPeftException(problem!);

    static string? Problem(string directory)
    {
        if (!System.IO.Directory.Exists(directory)) return $"the WordNet folder {directory} does not exist";
        foreach (var suffix in SearchOrder.Select(p => p.FileSuffix()))
            foreach (var name in new[] { $"index.{suffix}", $"data.{suffix}", $"{suffix}.exc" })
                if (!File.Exists(Path.Combine(directory, name))) return $"the WordNet folder {directory} has no {name}";
        // Every file of the database starts with the license text, which names the version.
        using var reader = new StreamReader(Path.Combine(directory, "index.noun"));
        var header = new char[4096];
        var length = reader.ReadBlock(header);
        return new string(header, 0, length).Contains("WordNet 3.0 Copyright", StringComparison.Ordinal)
            ? null
            : $"{Path.Combine(directory, "index.noun")} is not from WordNet 3.0 (its license header does not name version 3.0)";
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
        return file.FindLine(lemma) is { } line ? ParseIndexLine(line, file.FilePath) : [];
    }

    // index line: lemma pos synset_cnt p_cnt [ptr_symbol...] sense_cnt tagsense_cnt synset_offset...
    static long[] ParseIndexLine(string line, string path)
    {
        var fields = line.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
        try
        {
            var synsetCount = int.Parse(fields[2], CultureInfo.InvariantCulture);
            var pointerCount = int.Parse(fields[3], CultureInfo.InvariantCulture);
            var first = 4 + pointerCount + 2;
            return fields[first..(first + synsetCount)].Select(f => long.Parse(f, CultureInfo.InvariantCulture)).ToArray();
        }
        catch (Exception e) when (e is FormatException or IndexOutOfRangeException or ArgumentOutOfRangeException)
        {
            throw new MedPeftException($"{path}: malformed index line for '{fields[0]}': {e.Message}", e);
        }
    }

    WordNetSynset Synset(WordNetPartOfSpeech pos, long offset) =>
        synsetCache.GetOrAdd((pos, offset), key =>
        {
            var file = dataFiles[key.Item1];
            return new WordNetSynset(key.Item1, key.Item2, ParseLemmaNames(file.ReadLineAt(key.Item2), key.Item2, file.FilePath));
        });

    // data line: synset_offset lex_filenum ss_type w_cnt(hex) word lex_id [word lex_id...] p_cnt ...
    static string[] ParseLemmaNames(string line, long offset, string path)
    {
        var fields = line.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
        if (fields.Length < 4 || fields[0] != offset.ToString("D8", CultureInfo.InvariantCulture)
            || !int.TryParse(fields[3], NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var wordCount)
            || fields.Length < 4 + 2 * wordCount)
            throw new MedPeftException($"{path}: no synset line at byte offset {offset} (the database is damaged or not WordNet 3.0)");
        return Enumerable.Range(0, wordCount).Select(i => WithoutSyntacticMarker(fields[4 + 2 * i])).ToArray();
    }

    // Adjectives may carry a marker: "galore(ip)", "outback(a)".
    static string WithoutSyntacticMarker(string word)
    {
        var open = word.IndexOf('(');
        return open >= 0 && word.EndsWith(')') ? word[..open] : word;
    }

    // Each line: an inflected form followed by its base forms. A form listed twice keeps its last line, as in NLTK.
    static Dictionary<string, string[]> ReadExceptionList(string path)
    {
        var exceptions = new Dictionary<string, string[]>(StringComparer.Ordinal);
        foreach (var line in File.ReadLines(path))
        {
            var terms = line.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
            if (terms.Length > 0) exceptions[terms[0]] = terms[1..];
        }
        return exceptions;
    }

    public void Dispose()
    {
        foreach (var file in indexFiles.Values.Concat(dataFiles.Values)) file.Dispose();
    }
}
