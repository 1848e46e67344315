using System.Globalization;

namespace MedPeft.Cli.Runtime;

/// <summary>
/// A write-only stream over <paramref name="inner"/> that reports how much of <paramref name="total"/>
/// bytes went through: on a terminal one line redrawn at every percent, otherwise (redirected, or
/// <c>CI</c> set) a line at every tenth.
/// </summary>
internal sealed class DownloadProgress(Stream inner, long total, string what, TextWriter log, bool interactive) : Stream
{
    long written;
    int reported = -1;

    public static bool IsInteractive(TextWriter log) =>
        ReferenceEquals(log, Console.Error) && !Console.IsErrorRedirected && Environment.GetEnvironmentVariable("CI") is null;

    public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        inner.Write(buffer);
        Advance(buffer.Length);
    }

    public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancel = default)
    {
        await inner.WriteAsync(buffer, cancel);
        Advance(buffer.Length);
    }

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancel) =>
        WriteAsync(buffer.AsMemory(offset, count), cancel).AsTask();

    /// <summary>Starting again (the next source): the count restarts too.</summary>
    public override void SetLength(long value)
    {
        inner.SetLength(value);
        written = value;
        reported = -1;
    }

    /// <summary>Ends the redrawn line.</summary>
    public void Finish()
    {
        if (interactive && reported >= 0) log.WriteLine();
    }

    void Advance(int count)
    {
        written += count;
        var percent = (int)Math.Min(100, 100 * written / Math.Max(1, total));
        var step = interactive ? percent : percent / 10 * 10;
        if (step == reported) return;
        reported = step;
        var text = string.Create(CultureInfo.InvariantCulture, $"fetching {what}: {written / 1e6:0.0} of {total / 1e6:0.0} MB ({percent}%)");
        if (interactive) log.Write($"\r{text}   ");
        else log.WriteLine(text);
    }

    public override bool CanRead => false;
    public override bool CanSeek => inner.CanSeek;
    public override bool CanWrite => true;
    public override long Length => inner.Length;
    public override long Position { get => inner.Position; set => inner.Position = value; }
    public override void Flush() => inner.Flush();
    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    public override long Seek(long offset, SeekOrigin origin) => inner.Seek(offset, origin);
}
