namespace MedPeft.Runtime;

/// <summary>The memory of the machine the process runs on, the limit a CPU training run has to fit in.</summary>
public static class PhysicalMemory
{
    /// <summary>
    /// The machine's physical memory in bytes: <c>MemTotal</c> of <c>/proc/meminfo</c> where there is one,
    /// else what the .NET runtime reports as available to it.
    /// </summary>
    public static long Bytes() => MemInfo("MemTotal:") ?? GC.GetGCMemoryInfo().TotalAvailableMemoryBytes;

    /// <summary>
    /// The memory new processes can take now without swapping, in bytes: <c>MemAvailable</c> of <c>/proc/meminfo</c>
    /// where there is one, else what the .NET runtime reports as available to it.
    /// </summary>
    public static long AvailableBytes() => MemInfo("MemAvailable:") ?? GC.GetGCMemoryInfo().TotalAvailableMemoryBytes;

    /// <summary>A field of <c>/proc/meminfo</c> in bytes (<c>"MemTotal:       24684928 kB"</c>); null where there is none.</summary>
    static long? MemInfo(string field)
    {
        const string meminfo = "/proc/meminfo";
        if (File.Exists(meminfo))
            foreach (var line in File.ReadLines(meminfo))
            {
                var parts = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
                if (parts.Length == 3 && parts[0] == field && long.TryParse(parts[1], out long kib)) return kib * 1024;
            }
        return null;
    }
}
