namespace MedPeft.Tests.IO;

/// <summary>
/// A stream that fails as a write to a full disk does once <paramref name="room"/> bytes went through: an
/// <see cref="IOException"/> carrying ENOSPC (28), as .NET reports it on Linux. Tests cannot fill a real disk
/// (mounting a small tmpfs needs root); the atomic writers let them wrap the streams they write.
/// </summary>
public sealed class FullDiskStream(Stream inner, long room) : Stream
{
    long written;

    public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        int fits = (int)Math.Min(buffer.Length, room - written);
        inner.Write(buffer[..fits]);
        written += fits;
        if (fits < buffer.Length) throw new IOException("No space left on device", 28);
    }

    public override void Flush() => inner.Flush();

    public override bool CanRead => false;
    public override bool CanSeek => false;
    public override bool CanWrite => true;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }
    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
}
