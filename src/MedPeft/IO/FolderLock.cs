namespace MedPeft.IO;

/// <summary>
/// The lock of a folder that processes build on first use (a cache entry), so that two processes needing it at
/// once do not both build it: one builds, the others wait. It is an OS lock on <c>&lt;folder&gt;.lock</c> beside
/// the folder (<see cref="FileShare.None"/>, which .NET takes with <c>flock</c> on Linux), so the kernel releases
/// it when its process dies however it dies. The holder removes the lock file when done; a lock file that a killed
/// process left is removed by the next process that takes it, or by <see cref="RemoveAbandoned"/>.
/// </summary>
internal sealed class FolderLock : IDisposable
{
    public const string Extension = ".lock";

    static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(200);

    readonly FileStream stream;
    readonly string path;

    FolderLock(FileStream stream, string path) => (this.stream, this.path) = (stream, path);

    /// <summary>
    /// Makes sure <paramref name="folder"/> is complete: builds it with <paramref name="build"/> under its lock unless
    /// <paramref name="isComplete"/> says so before or after the wait. Returns true when it was built now.
    /// </summary>
    /// <param name="what">What the folder is, for the message while waiting (e.g. "the base model medpeft-base").</param>
    public static bool Ensure(string folder, Func<bool> isComplete, Action build, TextWriter log, string what)
    {
        if (isComplete()) return false;
        RemoveAbandoned(Path.GetDirectoryName(Path.TrimEndingDirectorySeparator(Path.GetFullPath(folder)))!);
        using var held = Acquire(folder, log, what);
        if (isComplete()) return false;
        build();
        return true;
    }

    /// <summary>Takes the lock of <paramref name="folder"/>, waiting (and saying so on <paramref name="log"/>) while another process holds it.</summary>
    public static FolderLock Acquire(string folder, TextWriter log, string what)
    {
        var lockPath = LockPath(folder);
        Directory.CreateDirectory(Path.GetDirectoryName(lockPath)!);
        bool told = false;
        while (true)
        {
            if (TryAcquire(lockPath) is { } taken) return taken;
            if (!told) log.WriteLine($"waiting for another process to finish {what} (it holds {lockPath})");
            told = true;
            Thread.Sleep(Poll);
        }
    }

    /// <summary>The lock of <paramref name="folder"/> if no other process holds it; null if one does (no wait).</summary>
    public static FolderLock? TryTake(string folder)
    {
        var lockPath = LockPath(folder);
        Directory.CreateDirectory(Path.GetDirectoryName(lockPath)!);
        return TryAcquire(lockPath);
    }

    /// <summary>Whether a process holds the lock of <paramref name="folder"/> now.</summary>
    public static bool IsHeld(string folder)
    {
        if (!File.Exists(LockPath(folder))) return false;
        using var taken = TryTake(folder);
        return taken is null;
    }

    static string LockPath(string folder) => Path.TrimEndingDirectorySeparator(Path.GetFullPath(folder)) + Extension;

    /// <summary>Removes the lock files in <paramref name="directory"/> that no process holds (their process was killed).</summary>
    public static void RemoveAbandoned(string directory)
    {
        if (!Directory.Exists(directory)) return;
        foreach (var lockPath in Directory.GetFiles(directory, "*" + Extension))
            TryAcquire(lockPath)?.Dispose();
    }

    /// <summary>The lock at <paramref name="lockPath"/> if no other process holds it; null if one does.</summary>
    static FolderLock? TryAcquire(string lockPath)
    {
        FileStream stream;
        try
        {
            stream = new FileStream(lockPath, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None);
        }
        catch (IOException e) when (IsHeldElsewhere(e))
        {
            return null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new MedPeftException($"{lockPath}: cannot take the lock of the folder beside it ({e.Message}).", e);
        }
        // A holder removes the file before it lets go: a lock taken on a file no longer at the path guards nothing.
        if (IsStillNamed(stream)) return new FolderLock(stream, lockPath);
        stream.Dispose();
        return null;
    }

    /// <summary>The sharing violation .NET reports for a file another process has locked: EWOULDBLOCK on Linux (11) and macOS (35), ERROR_SHARING_VIOLATION or ERROR_LOCK_VIOLATION on Windows.</summary>
    static bool IsHeldElsewhere(IOException e) =>
        e.GetType() == typeof(IOException) && e.HResult is 11 or 35 or unchecked((int)0x80070020) or unchecked((int)0x80070021);

    /// <summary>Whether the open file still has its name (Linux: its /proc link does not end in "(deleted)").</summary>
    static bool IsStillNamed(FileStream stream) =>
        !OperatingSystem.IsLinux() || new FileInfo($"/proc/self/fd/{stream.SafeFileHandle.DangerousGetHandle()}").LinkTarget?.EndsWith(" (deleted)", StringComparison.Ordinal) == false;

    /// <summary>Removes the lock file (only where a waiter can tell a removed file from the path's new one) and lets go.</summary>
    public void Dispose()
    {
        if (OperatingSystem.IsLinux()) File.Delete(path);
        stream.Dispose();
    }
}
