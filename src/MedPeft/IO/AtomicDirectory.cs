namespace MedPeft.IO;

/// <summary>
/// Creates a folder whole or not at all: its files are written into a temporary sibling folder that
/// is renamed into place at the end, and removed if anything fails.
/// </summary>
public static class AtomicDirectory
{
    public static void Create(string path, Action<string> fill)
    {
        var full = Path.GetFullPath(path);
        if (Directory.Exists(full) && Directory.EnumerateFileSystemEntries(full).Any())
            throw new MedPeftException($"{path}: the output folder exists and is not empty; choose another or remove it.");
        var parent = Path.GetDirectoryName(full)!;
        try { Directory.CreateDirectory(parent); }
        catch (Exception e) when (e is UnauthorizedAccessException or IOException)
        {
            throw new MedPeftException($"{path}: cannot create the output folder ({e.Message}).");
        }
        var temporary = Path.Combine(parent, $".{Path.GetFileName(full)}.{Environment.ProcessId}.{Guid.NewGuid():N}.tmp");
        try
        {
            Directory.CreateDirectory(temporary);
        }
        catch (Exception e) when (e is UnauthorizedAccessException or IOException)
        {
            throw new MedPeftException($"{path}: the output folder's parent is not writable ({e.Message}).");
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
