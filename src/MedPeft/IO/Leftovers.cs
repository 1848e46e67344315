namespace MedPeft.IO;

/// <summary>
/// Where temporary files and folders go, named after their owner (<see cref="TemporaryOwner"/>), and the
/// removal of those a killed process left behind. Removal is best effort: what cannot be removed now (another
/// process removing it too, a permission) stays for a later start.
/// </summary>
internal static class Leftovers
{
    /// <summary>A hidden sibling of <paramref name="target"/> to build it in: <c>.&lt;name&gt;.&lt;pid&gt;@&lt;host&gt;.&lt;id&gt;.&lt;suffix&gt;</c>.</summary>
    public static string Beside(string target, string suffix = "tmp")
    {
        var full = Path.TrimEndingDirectorySeparator(Path.GetFullPath(target));
        return Path.Combine(Path.GetDirectoryName(full)!, $".{Path.GetFileName(full)}.{TemporaryOwner.UniqueName()}.{suffix}");
    }

    /// <summary>Removes the hidden temporaries (<see cref="Beside"/>) of any name that killed processes left in <paramref name="folder"/>.</summary>
    public static void CleanBeside(string folder) =>
        Remove(Entries(folder, ".*").Where(path => TemporaryOwner.IsAbandoned(path)));

    /// <summary>
    /// Creates a folder in the system's temporary directory, <c>&lt;prefix&gt;&lt;pid&gt;@&lt;host&gt;.&lt;id&gt;</c>, after
    /// removing the folders of <paramref name="prefix"/> there that killed processes left (and, after a day, any of
    /// that prefix that older versions named without their owner).
    /// </summary>
    public static string CreateTemporaryFolder(string prefix)
    {
        Remove(Entries(Path.GetTempPath(), prefix + "*").Where(path => TemporaryOwner.IsAbandoned(path, unnamedAgeOut: true)));
        return Directory.CreateDirectory(Path.Combine(Path.GetTempPath(), prefix + TemporaryOwner.UniqueName())).FullName;
    }

    static IEnumerable<string> Entries(string folder, string pattern)
    {
        try
        {
            return Directory.Exists(folder) ? Directory.GetFileSystemEntries(folder, pattern) : [];
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return [];
        }
    }

    static void Remove(IEnumerable<string> paths)
    {
        foreach (var path in paths)
        {
            try
            {
                if (Directory.Exists(path)) Directory.Delete(path, recursive: true);
                else File.Delete(path);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // Gone already (another process cleaned it) or not ours to remove: a later start tries again.
            }
        }
    }
}
