namespace MedPeft.IO;

/// <summary>
/// Writes files under a temporary name in the same folder and renames them into place, so a
/// reader never sees a half-written file and a crash leaves the previous version intact.
/// </summary>
internal static class AtomicFile
{
    /// <summary>
    /// A test seam: wraps the stream of every file written here (e.g. in one that fails as a full disk does).
    /// Null in production.
    /// </summary>
    internal static Func<string, Stream, Stream>? WrapStreamForTests { get; set; }

    /// <param name="path">The file to write.</param>
    /// <param name="write">Writes the content.</param>
    /// <param name="size">The content's size when known in advance: what a full disk's message says is needed.</param>
    public static void Write(string path, Action<Stream> write, long? size = null)
    {
        var full = Path.GetFullPath(path);
        var directory = Path.GetDirectoryName(full)!;
        Directory.CreateDirectory(directory);
        Leftovers.CleanBeside(directory);
        var temporary = Leftovers.Beside(full);
        long written = 0;
        try
        {
            using (var file = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 20))
            using (var stream = WrapStreamForTests?.Invoke(full, file) ?? file)
            {
                try
                {
                    write(stream);
                    stream.Flush();
                    file.Flush(flushToDisk: true);
                }
                finally
                {
                    written = file.Position;
                }
            }
            File.Move(temporary, full, overwrite: true);
        }
        catch (IOException e) when (DiskFullException.IsDiskFull(e))
        {
            File.Delete(temporary);
            throw new DiskFullException(directory, size ?? written, Path.GetFileName(full), e);
        }
        catch
        {
            File.Delete(temporary);
            throw;
        }
    }

    public static void WriteAllText(string path, string text)
    {
        var encoding = new System.Text.UTF8Encoding(false);
        Write(path, stream =>
        {
            using var writer = new StreamWriter(stream, encoding, leaveOpen: true);
            writer.Write(text);
        }, encoding.GetByteCount(text));
    }
}
