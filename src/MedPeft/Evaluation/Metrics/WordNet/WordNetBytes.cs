using System.IO.Compression;
using Microsoft.Win32.SafeHandles;

namespace MedPeft.Evaluation.Metrics.WordNet;

/// <summary>
/// The bytes of one database file, read at any offset: from a file on disk (the original database,
/// read in place) or from memory (the shipped database and gzip-compressed files, decompressed once),
/// so that one reader serves both.
/// </summary>
abstract class WordNetBytes : IDisposable
{
    public abstract long Length { get; }

    /// <summary>Fills the start of <paramref name="buffer"/> from <paramref name="offset"/>; returns the count read, 0 at the end.</summary>
    public abstract int Read(Span<byte> buffer, long offset);

    public virtual void Dispose() { }

    public static WordNetBytes OfFile(string path) => new FileBytes(File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.Read));

    public static WordNetBytes OfMemory(byte[] bytes) => new MemoryBytes(bytes);

    /// <summary>The decompressed content of a gzip stream.</summary>
    public static byte[] Gunzip(Stream compressed)
    {
        using var gzip = new GZipStream(compressed, CompressionMode.Decompress);
        using var content = new MemoryStream();
        gzip.CopyTo(content);
        return content.ToArray();
    }

    sealed class FileBytes(SafeFileHandle handle) : WordNetBytes
    {
        public override long Length => RandomAccess.GetLength(handle);

        public override int Read(Span<byte> buffer, long offset) => RandomAccess.Read(handle, buffer, offset);

        public override void Dispose() => handle.Dispose();
    }

    sealed class MemoryBytes(byte[] bytes) : WordNetBytes
    {
        public override long Length => bytes.Length;

        public override int Read(Span<byte> buffer, long offset)
        {
            if (offset >= bytes.Length) return 0;
            var count = (int)Math.Min(buffer.Length, bytes.Length - offset);
            bytes.AsSpan((int)offset, count).CopyTo(buffer);
            return count;
        }
    }
}
