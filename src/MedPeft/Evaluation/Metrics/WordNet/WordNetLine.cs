using System.Globalization;

namespace MedPeft.Evaluation.Metrics.WordNet;

/// <summary>
/// Where the fields METEOR's synonym stage needs sit in the lines of wndb(5WN): kept in one place
/// for the reader (<see cref="WordNetDatabase"/>) and the writer of the compact database (<see cref="CompactWordNet"/>).
/// </summary>
static class WordNetLine
{
    public static string[] Fields(string line) => line.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);

    /// <summary>
    /// Of an index line (<c>lemma pos synset_cnt p_cnt [ptr_symbol...] sense_cnt tagsense_cnt synset_offset...</c>):
    /// the position of the first synset offset and the number of offsets.
    /// </summary>
    public static (int First, int Count) IndexOffsets(string[] fields, string fileName)
    {
        try
        {
            var count = int.Parse(fields[2], CultureInfo.InvariantCulture);
            var first = 4 + int.Parse(fields[3], CultureInfo.InvariantCulture) + 2;
            if (count < 0 || first + count > fields.Length) throw new FormatException($"{count} synset offsets announced, {fields.Length - first} given");
            return (first, count);
        }
        catch (Exception e) when (e is FormatException or OverflowException or IndexOutOfRangeException)
        {
            throw new MedPeftException($"{fileName}: malformed index line for '{fields.FirstOrDefault()}': {e.Message}", e);
        }
    }

    /// <summary>The synset offsets of an index line.</summary>
    public static long[] IndexSynsetOffsets(string[] fields, string fileName)
    {
        var (first, count) = IndexOffsets(fields, fileName);
        try
        {
            return fields[first..(first + count)].Select(f => long.Parse(f, CultureInfo.InvariantCulture)).ToArray();
        }
        catch (Exception e) when (e is FormatException or OverflowException)
        {
            throw new MedPeftException($"{fileName}: malformed index line for '{fields[0]}': {e.Message}", e);
        }
    }

    /// <summary>
    /// Of the data line expected at <paramref name="offset"/> (<c>synset_offset lex_filenum ss_type w_cnt word lex_id [word lex_id...] p_cnt ...</c>):
    /// the number of words, which follow from field 4 on, each with its <c>lex_id</c>.
    /// </summary>
    public static int DataWordCount(string[] fields, long offset, string fileName) =>
        fields.Length >= 4 && fields[0] == offset.ToString("D8", CultureInfo.InvariantCulture)
        && int.TryParse(fields[3], NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var count)
        && fields.Length >= 4 + 2 * count
            ? count
            : throw new MedPeftException($"{fileName}: no synset line at byte offset {offset} (the database is damaged or not WordNet 3.0)");

    /// <summary>License lines start with a space; the database's own lines never do.</summary>
    public static bool IsLicense(string line) => line.StartsWith(' ');
}
