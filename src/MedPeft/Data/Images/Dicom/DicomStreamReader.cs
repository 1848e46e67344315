using System.Buffers.Binary;

namespace MedPeft.Data.Images.Dicom;

/// <summary>
/// Reads DICOM primitives from a stream in the dataset's byte order, tracking the position (a deflated
/// stream cannot seek, so skipping reads). Running out of bytes is reported as a truncated file.
/// </summary>
sealed class DicomStreamReader
{
    readonly Stream stream;
    readonly string path;
    readonly byte[] scratch = new byte[8];

    public bool LittleEndian { get; set; }
    public long Position { get; private set; }

    public DicomStreamReader(Stream stream, string path, bool littleEndian, long position)
    {
        this.stream = stream;
        this.path = path;
        LittleEndian = littleEndian;
        Position = position;
    }

    /// <summary>Reads a tag (group, element); false at a clean end of the data, an error inside one.</summary>
    public bool TryReadTag(out uint tag)
    {
        int read = stream.ReadAtLeast(scratch.AsSpan(0, 4), 4, throwOnEndOfStream: false);
        Position += read;
        tag = 0;
        if (read == 0) return false;
        if (read < 4) throw Truncated("a data element tag");
        tag = (uint)Half(scratch.AsSpan(0, 2)) << 16 | Half(scratch.AsSpan(2, 2));
        return true;
    }

    public ushort UInt16(string what)
    {
        Fill(2, what);
        return Half(scratch.AsSpan(0, 2));
    }

    public uint UInt32(string what)
    {
        Fill(4, what);
        return LittleEndian ? BinaryPrimitives.ReadUInt32LittleEndian(scratch) : BinaryPrimitives.ReadUInt32BigEndian(scratch);
    }

    public string Ascii(int count, string what)
    {
        Fill(count, what);
        return System.Text.Encoding.ASCII.GetString(scratch, 0, count);
    }

    /// <summary>
    /// The next <paramref name="count"/> bytes. The count is what the file claims: it is checked against what the file
    /// holds before that much is allocated, and a deflated stream, whose length is unknown, is gathered as it comes.
    /// </summary>
    public byte[] Bytes(long count, string what)
    {
        if (count > Array.MaxLength) throw new MedPeftException($"{path}: {what} claims {count} bytes, more than can be read (corrupt file).");
        if (!stream.CanSeek)
        {
            using var gathered = new MemoryStream();
            Read(count, what, gathered);
            return gathered.ToArray();
        }
        if (count > stream.Length - stream.Position) throw Truncated(what);
        var bytes = new byte[count];
        stream.ReadExactly(bytes);
        Position += count;
        return bytes;
    }

    public void Skip(long count, string what)
    {
        if (count == 0) return;
        if (stream.CanSeek)
        {
            if (stream.Position + count > stream.Length) throw Truncated(what);
            stream.Seek(count, SeekOrigin.Current);
            Position += count;
            return;
        }
        Read(count, what, Stream.Null);
    }

    /// <summary>Reads <paramref name="count"/> bytes in blocks into <paramref name="sink"/>.</summary>
    void Read(long count, string what, Stream sink)
    {
        var buffer = new byte[(int)Math.Min(count, 1 << 16)];
        for (long left = count; left > 0;)
        {
            int read = stream.Read(buffer, 0, (int)Math.Min(left, buffer.Length));
            if (read == 0) throw Truncated(what);
            sink.Write(buffer, 0, read);
            left -= read;
            Position += read;
        }
    }

    public MedPeftException Truncated(string what) =>
        new($"{path}: the file ends inside {what} at byte {Position} (truncated, or not a DICOM file).");

    public MedPeftException Corrupt(string problem) => new($"{path}: {problem} at byte {Position} (corrupt DICOM file).");

    ushort Half(ReadOnlySpan<byte> bytes) =>
        LittleEndian ? BinaryPrimitives.ReadUInt16LittleEndian(bytes) : BinaryPrimitives.ReadUInt16BigEndian(bytes);

    void Fill(int count, string what)
    {
        int read = stream.ReadAtLeast(scratch.AsSpan(0, count), count, throwOnEndOfStream: false);
        Position += read;
        if (read < count) throw Truncated(what);
    }
}
