using System.Diagnostics;
using System.Text.RegularExpressions;

namespace MedPeft.IO;

/// <summary>
/// Names temporary files and folders after the process that owns them, <c>&lt;pid&gt;@&lt;host&gt;</c>, so that a
/// later process can tell the ones a killed process left behind. On this host an entry is abandoned when its
/// owner no longer runs (the pid is free, or taken by a process that started after the entry was last written);
/// an entry of another host (a shared folder) or one without an owner is abandoned after a day.
/// </summary>
internal static class TemporaryOwner
{
    // Before Tag, which needs it. (Plain regexes: the architecture tests compile the sources without source generators.)
    static readonly Regex HostCharacters = new("[^A-Za-z0-9.-]");
    static readonly Regex Owned = new(@"(?:^|[.-])(?<pid>\d+)(?:@(?<host>[A-Za-z0-9.-]+))?\.[0-9a-f]{32}(?:\.tmp|\.old)?$");

    /// <summary>How long an entry whose owner cannot be checked from here is kept.</summary>
    public static readonly TimeSpan MaxAge = TimeSpan.FromHours(24);

    /// <summary>This process: <c>&lt;pid&gt;@&lt;host&gt;</c>.</summary>
    public static string Tag { get; } = $"{Environment.ProcessId}@{Host}";

    /// <summary>A name no other process or call uses: <c>&lt;pid&gt;@&lt;host&gt;.&lt;32 hex digits&gt;</c>.</summary>
    public static string UniqueName() => $"{Tag}.{Guid.NewGuid():N}";

    static string Host => HostCharacters.Replace(Environment.MachineName, "-");

    /// <summary>
    /// Whether the file or folder at <paramref name="path"/> is a temporary left behind. Its name ends with an owner
    /// and a unique id (<see cref="UniqueName"/>, then optional <c>.tmp</c> or <c>.old</c>), or, as older versions
    /// named them, with a pid and a unique id; any other name counts only when <paramref name="unnamedAgeOut"/>
    /// (a folder that holds only temporaries), after <see cref="MaxAge"/>.
    /// </summary>
    public static bool IsAbandoned(string path, bool unnamedAgeOut = false)
    {
        var match = Owned.Match(Path.GetFileName(path));
        var written = File.GetLastWriteTimeUtc(path);
        if (!match.Success) return unnamedAgeOut && DateTime.UtcNow - written > MaxAge;
        bool local = match.Groups["host"].Value == Host;
        return local && int.TryParse(match.Groups["pid"].ValueSpan, out var pid)
            ? !IsRunningSince(pid, written)
            : DateTime.UtcNow - written > MaxAge;
    }

    /// <summary>Whether process <paramref name="pid"/> runs and had started by <paramref name="writtenUtc"/> (so it can be the owner).</summary>
    static bool IsRunningSince(int pid, DateTime writtenUtc)
    {
        try
        {
            using var process = Process.GetProcessById(pid);
            // The start time is read to the second or so: a margin keeps an owner that wrote at once.
            return process.StartTime.ToUniversalTime() <= writtenUtc + TimeSpan.FromSeconds(5);
        }
        catch (Exception e) when (e is ArgumentException or InvalidOperationException)
        {
            return false; // no such process, or it exited meanwhile
        }
    }
}
