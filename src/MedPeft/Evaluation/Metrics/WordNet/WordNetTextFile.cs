using System.Text;

namespace MedPeft.Evaluation.Metrics.WordNet;

/// <summary>
/// One file of the WordNet database read in place (on disk or in memory, <see cref="WordNetBytes"/>): lines are read at a byte offset (how
/// <c>data.*</c> lines are addressed) or found by their first word (the <c>index.*</c> files are
/// sorted in byte order). For the search only a sparse table is kept in memory: the offset and
/// first word of every 64th line, built on the first search; a lookup then reads one block of 64
/// lines. License lines (those starting with a space) are skipped.
/// </summary>
sealed class WordNetTextFile : IDisposable
{
    const int LinesPerBlock = 64;

    /// <summary>Block b holds the lines from <c>Starts[b]</c> up to <c>Starts[b + 1]</c> (or <c>End</c>) and begins with <c>FirstWords[b]</c>.</summary>
    sealed record Blocks(long[] Starts, string[] FirstWords, long End);

    readonly WordNetBytes bytes;
    readonly Lazy<Blocks> blocks;

    /// <param name="name">Names the file in error messages.</param>
    public WordNetTextFile(string name, WordNetBytes bytes)
    {
        Name = name;
        this.bytes = bytes;
        blocks = new Lazy<Blocks>(ScanBlocks);
    }

    public string Name { get; }

    public long Length => bytes.Length;

    /// <summary>The line starting at <paramref name="offset"/>, without its line break.</summary>
    public string ReadLineAt(long offset)
    {
        var line = new List<byte>(256);
        var chunk = new byte[256];
        while (true)
        {
            var read = bytes.Read(chunk, offset + line.Count);
            var end = Array.IndexOf(chunk, (byte)'\n', 0, read);
            line.AddRange(chunk.AsSpan(0, end >= 0 ? end : read));
            if (end >= 0 || read == 0) return Encoding.Latin1.GetString(line.ToArray()).TrimEnd('\r');
        }
    }

    /// <summary>The line whose first word is <paramref name="word"/>, or null.</summary>
    public string? FindLine(string word)
    {
        var table = blocks.Value;
        // The last block whose first word is <= word.
        int low = 0, high = table.Starts.Length - 1, block = -1;
        while (low <= high)
        {
            var middle = low + (high - low) / 2;
            if (string.CompareOrdinal(table.FirstWords[middle], word) <= 0)
            {
                block = middle;
                low = middle + 1;
            }
            else high = middle - 1;
        }
        if (block < 0) return null;

        var end = block + 1 < table.Starts.Length ? table.Starts[block + 1] : table.End;
        var prefix = word + " ";
        foreach (var line in ReadText(table.Starts[block], end).Split('\n'))
            if (line.StartsWith(prefix, StringComparison.Ordinal)) return line.TrimEnd('\r');
        return null;
    }

    /// <summary>The text from byte <paramref name="start"/> up to <paramref name="end"/> (or the end of the file).</summary>
    public string ReadText(long start, long end)
    {
        var text = new byte[end - start];
        var filled = 0;
        while (filled < text.Length)
        {
            var read = bytes.Read(text.AsSpan(filled), start + filled);
            if (read == 0) break;
            filled += read;
        }
        return Encoding.Latin1.GetString(text, 0, filled);
    }

    Blocks ScanBlocks()
    {
        var starts = new List<long>();
        var buffer = new byte[1 << 16];
        long position = 0;
        var atLineStart = true;
        var lines = 0;
        int read;
        while ((read = bytes.Read(buffer, position)) > 0)
        {
            for (var i = 0; i < read; i++)
            {
                if (atLineStart && buffer[i] is not ((byte)' ' or (byte)'\n' or (byte)'\r') && lines++ % LinesPerBlock == 0)
                    starts.Add(position + i);
                atLineStart = buffer[i] == '\n';
            }
            position += read;
        }
        var firstWords = starts.Select(start => ReadLineAt(start).Split(' ')[0]).ToArray();
        return new Blocks(starts.ToArray(), firstWords, position);
    }

    public void Dispose() => bytes.Dispose();
}
