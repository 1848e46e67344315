using System.Globalization;
using System.IO.Compression;
using System.Text;
using System.Text.RegularExpressions;
using MedPeft.IO;

namespace MedPeft.Evaluation.Metrics.WordNet;

/// <summary>
/// Writes the compact WordNet 3.0 that ships with MedPeft (the repository's <c>data/wordnet</c>) from
/// the original database, so that METEOR needs nothing installed. It keeps only what
/// <see cref="WordNetDatabase"/> reads, in the same wndb(5WN) layout so one reader opens either form:
/// the license header of every file; index lines without their pointer symbols
/// (<c>lemma pos synset_cnt 0 sense_cnt tagsense_cnt synset_offset...</c>); data lines without
/// pointers, verb frames and glosses (<c>synset_offset lex_filenum ss_type w_cnt word lex_id... 000</c>,
/// plus an empty frame count <c>00</c> for verbs); the exception lists as they are. Synset offsets
/// are byte positions, so they are renumbered; lemma names and their order are unchanged. Each file
/// is gzip-compressed (the header has no name or time, so the same input gives the same bytes), and
/// the license, as the database's headers state it, is written beside them as <c>LICENSE</c>.
/// </summary>
internal static class CompactWordNet
{
    /// <summary>The name ending of the compressed files (<c>index.noun.gz</c>).</summary>
    public const string Extension = ".gz";

    public const string LicenseFileName = "LICENSE";

    /// <summary>Writes the compact database of the WordNet 3.0 in <paramref name="sourceDirectory"/> into the new folder <paramref name="outDirectory"/>.</summary>
    public static void Write(string sourceDirectory, string outDirectory)
    {
        // Fails clearly on a folder that is not WordNet 3.0 before anything is written.
        WordNetDatabase.Open(sourceDirectory).Dispose();
        AtomicDirectory.Create(outDirectory, folder =>
        {
            foreach (var pos in Enum.GetValues<WordNetPartOfSpeech>())
            {
                var (index, data) = Compact(Read(sourceDirectory, pos.IndexFileName()), Read(sourceDirectory, pos.DataFileName()), pos);
                WriteCompressed(folder, pos.IndexFileName(), index);
                WriteCompressed(folder, pos.DataFileName(), data);
                WriteCompressed(folder, pos.ExceptionFileName(), Read(sourceDirectory, pos.ExceptionFileName()).Text);
            }
            File.WriteAllText(Path.Combine(folder, LicenseFileName), License(Read(sourceDirectory, WordNetPartOfSpeech.Noun.IndexFileName()).Text), Encoding.Latin1);
        });
    }

    static (string Name, string Text) Read(string directory, string name)
    {
        using var file = WordNetDatabase.OpenFile(directory, name);
        return (file.Name, file.ReadText(0, file.Length));
    }

    static (string Index, string Data) Compact((string Name, string Text) index, (string Name, string Text) data, WordNetPartOfSpeech pos)
    {
        var newOffsets = new Dictionary<long, long>();
        var compactData = Rewrite(data.Text, (line, position) =>
        {
            var fields = WordNetLine.Fields(line);
            var offset = long.TryParse(fields[0], NumberStyles.None, CultureInfo.InvariantCulture, out var parsed) ? parsed : -1;
            var words = WordNetLine.DataWordCount(fields, offset, data.Name);
            newOffsets[offset] = position;
            return $"{position.ToString("D8", CultureInfo.InvariantCulture)} {string.Join(' ', fields[1..(4 + 2 * words)])} 000"
                + (pos == WordNetPartOfSpeech.Verb ? " 00" : "");
        });
        var compactIndex = Rewrite(index.Text, (line, _) =>
        {
            var fields = WordNetLine.Fields(line);
            var synsets = WordNetLine.IndexSynsetOffsets(fields, index.Name).Select(offset => newOffsets.TryGetValue(offset, out var moved)
                ? moved.ToString("D8", CultureInfo.InvariantCulture)
                : throw new MedPeftException($"{index.Name}: '{fields[0]}' names synset {offset}, which {data.Name} does not have"));
            var (first, _) = WordNetLine.IndexOffsets(fields, index.Name);
            return string.Join(' ', [.. fields[..3], "0", .. fields[(first - 2)..first], .. synsets]);
        });
        return (compactIndex, compactData);
    }

    /// <summary>
    /// The text with its license lines as they are and every other line rewritten; the rewrite is
    /// given the byte offset the line will have (Latin-1 text: one character is one byte).
    /// </summary>
    static string Rewrite(string text, Func<string, int, string> rewrite)
    {
        var output = new StringBuilder();
        foreach (var line in Lines(text))
            output.Append(WordNetLine.IsLicense(line) ? line : rewrite(line, output.Length)).Append('\n');
        return output.ToString();
    }

    static IEnumerable<string> Lines(string text) => text.Split('\n').Where(line => line.Length > 0);

    static void WriteCompressed(string folder, string name, string text)
    {
        using var file = File.Create(Path.Combine(folder, name + Extension));
        using var gzip = new GZipStream(file, CompressionLevel.SmallestSize);
        gzip.Write(Encoding.Latin1.GetBytes(text));
    }

    /// <summary>The license text of a database file's header, without the line numbers and trailing spaces.</summary>
    static string License(string text) =>
        string.Concat(Lines(text).TakeWhile(WordNetLine.IsLicense).Select(line => Regex.Replace(line.TrimEnd(), "^ +[0-9]+ ?", "") + "\n"));
}
