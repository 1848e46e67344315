using System.Text;
using Microsoft.Win32.SafeHandles;

namespace MedPeft.Evaluation.Metrics.WordNet;

/// <summary>
/// One file of the WordNet database read in place: lines are read at a byte offset (how
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

    readonly SafeFileHandle handle;
    readonly Lazy<Blocks> blocks;

    public WordNetTextFile(string path)
    {
        FilePath = path;
        handle = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.Read);
        blocks = new Lazy<Blocks>(ScanBlocks);
    }

    public string FilePath { get; }

    /// <summary>The line starting at <paramref name="offset"/>, without its line break.</summary>
    public string ReadLineAt(long offset)
    {
        var bytes = new List<byte>(256);
        var chunk = new byte[256];
        while (true)
        {
            var read = RandomAccess.Read(handle, chunk, offset + bytes.Count);
            var end = Array.IndexOf(chunk, (byte)'\n', 0, read);
            bytes.AddRange(chunk.AsSpan(0, end >= 0 ? end : read));
            if (end >= 0 || read == 0) return Encoding.Latin1.GetString(bytes.ToArray()).TrimEnd('\r');
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
        foreach (var line in ReadRange(table.Starts[block], end).Split('\n'))
            if (line.StartsWith(prefix, StringComparison.Ordinal)) return line.TrimEnd('\r');
        return null;
    }

    string ReadRange(long start, long end)
    {
        var bytes = new byte[end - start];
        var filled = 0;
        while (filled < bytes.Length)
        {
            var read = RandomAccess.Read(handle, bytes.AsSpan(filled), start + filled);
            if (read == 0) break;
            filled += read;
        }
        return Encoding.Latin1.GetString(bytes, 0, filled);
    }

    Blocks ScanBlocks()
    {
        var starts = new List<long>();
        var buffer = new byte[1 << 16];
        long position = 0;
        var atLineStart = true;
        var lines = 0;
        int read;
        while ((read = RandomAccess.Read(handle, buffer, position)) > 0)
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

    public void Dispose() => handle.Dispose();
}
