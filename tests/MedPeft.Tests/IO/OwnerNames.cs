using System.Diagnostics;
using MedPeft.IO;

namespace MedPeft.Tests.IO;

/// <summary>The owner part of temporary names (<c>&lt;pid&gt;@&lt;host&gt;.&lt;id&gt;</c>), with pids of real processes.</summary>
public static class OwnerNames
{
    /// <summary>This host, as temporary names spell it.</summary>
    public static string Host => TemporaryOwner.Tag[(TemporaryOwner.Tag.IndexOf('@') + 1)..];

    /// <summary>The pid of a process that ran and has exited.</summary>
    public static int DeadPid()
    {
        using var process = Process.Start(new ProcessStartInfo("true") { UseShellExecute = false })!;
        process.WaitForExit();
        return process.Id;
    }

    public static string Of(int pid, string? host = null) => $"{pid}@{host ?? Host}.{Guid.NewGuid():N}";
}
