namespace MedPeft.IO;

/// <summary>
/// Creates a folder all at once: its files are written into a temporary sibling folder, which is
/// renamed into place when complete. On an error the temporary folder is removed (or, when the caller
/// keeps partial work, moved aside), so no half-filled folder is ever taken for a complete one.
/// </summary>
internal static class AtomicDirectory
{
    /// <summary>Fails unless <paramref name="path"/> can be created (absent, or an empty folder); returns its full path.
    /// Lets a caller fail fast before long work.</summary>
    public static string EnsureAvailable(string path)
    {
        var full = Path.TrimEndingDirectorySeparator(Path.GetFullPath(path));
        if (File.Exists(full)) throw new MedPeftException($"{full}: is a file; expected a folder to create.");
        if (Directory.Exists(full) && Directory.EnumerateFileSystemEntries(full).Any())
            throw new MedPeftException($"{full}: the folder already exists and is not empty; remove it or choose another.");
        for (var ancestor = Path.GetDirectoryName(full); ancestor is not null && !Directory.Exists(ancestor); ancestor = Path.GetDirectoryName(ancestor))
            if (File.Exists(ancestor)) throw new MedPeftException($"{full}: cannot be created: {ancestor} is a file; expected a folder there.");
        return full;
    }

    /// <param name="path">The folder to create; it must not exist, or be empty.</param>
    /// <param name="fill">Writes the folder's files into the directory it is given.</param>
    /// <param name="what">What the folder is, for a full disk's message (default: its name).</param>
    /// <param name="size">About how many bytes the folder takes, when known in advance: what a full disk's message says is needed.</param>
    /// <param name="partial">Where the partly filled folder is kept when <paramref name="fill"/> is cancelled (throws an
    /// <see cref="OperationCanceledException"/>) or the disk fills, and where a later call takes it up again, so that
    /// <paramref name="fill"/> can continue its work; null: it is removed.</param>
    public static void Create(string path, Action<string> fill, string? what = null, long? size = null, string? partial = null)
    {
        var full = EnsureAvailable(path);
        var parent = Path.GetDirectoryName(full) ?? throw new MedPeftException($"{full}: cannot be created (no parent folder).");
        var temporary = Leftovers.Beside(full);
        try
        {
            Directory.CreateDirectory(parent);
            Leftovers.CleanBeside(parent);
            if (partial is not null && Directory.Exists(partial)) Directory.Move(partial, temporary);
            else Directory.CreateDirectory(temporary);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            if (DiskFull(e) is IOException cause) throw Full(cause, 0);
            throw new MedPeftException($"{full}: cannot write there ({e.Message}).");
        }
        try
        {
            fill(temporary);
            if (Directory.Exists(full)) Directory.Delete(full);
            Directory.Move(temporary, full);
        }
        catch (OperationCanceledException) when (partial is not null && Directory.Exists(temporary))
        {
            Directory.Move(temporary, partial);
            throw;
        }
        catch (Exception e) when (DiskFull(e) is IOException cause)
        {
            // What was being written: the folder as known in advance, else what it holds so far plus the file that failed.
            long soFar = DiskFullException.BytesIn(temporary) + ((e as DiskFullException)?.BytesNeeded ?? 0);
            // A rename takes no space: partial work is kept even on a full disk.
            if (partial is not null && Directory.Exists(temporary)) Directory.Move(temporary, partial);
            else Remove(temporary);
            throw Full(cause, soFar);
        }
        catch
        {
            Remove(temporary);
            throw;
        }

        DiskFullException Full(IOException cause, long soFar) => new(parent, size ?? soFar, what ?? Path.GetFileName(full), cause);
    }

    /// <summary>The full disk behind <paramref name="e"/>, whether a file write here already described it or not; null for another error.</summary>
    static IOException? DiskFull(Exception e) => e switch
    {
        DiskFullException { InnerException: IOException cause } => cause,
        IOException io when DiskFullException.IsDiskFull(io) => io,
        _ => null,
    };

    static void Remove(string folder)
    {
        if (Directory.Exists(folder)) Directory.Delete(folder, recursive: true);
    }
}
