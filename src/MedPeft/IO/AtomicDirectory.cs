namespace MedPeft.IO;

/// <summary>
/// Creates a folder all at once: its files are written into a temporary sibling folder, which is
/// renamed into place when complete. On any error the temporary folder is removed, so no
/// half-filled folder is ever left behind.
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
    public static void Create(string path, Action<string> fill)
    {
        var full = EnsureAvailable(path);
        var parent = Path.GetDirectoryName(full) ?? throw new MedPeftException($"{full}: cannot be created (no parent folder).");
        var temporary = Path.Combine(parent, $".{Path.GetFileName(full)}.{Environment.ProcessId}.{Guid.NewGuid():N}.tmp");
        try
        {
            Directory.CreateDirectory(temporary);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new MedPeftException($"{full}: cannot write there ({e.Message}).");
        }
        try
        {
            fill(temporary);
            if (Directory.Exists(full)) Directory.Delete(full);
            Directory.Move(temporary, full);
        }
        catch
        {
            if (Directory.Exists(temporary)) Directory.Delete(temporary, recursive: true);
            throw;
        }
    }
}
