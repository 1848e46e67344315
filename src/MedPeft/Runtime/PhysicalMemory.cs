namespace MedPeft.Runtime;

/// <summary>The memory of the machine the process runs on, the limit a CPU training run has to fit in.</summary>
public static class PhysicalMemory
{
    /// <summary>
    /// The machine's physical memory in bytes: <c>MemTotal</c> of <c>/proc/meminfo</c> where there is one,
    /// else what the .NET runtime reports as available to it.
    /// </summary>
    public static long Bytes()
    {
        const string meminfo = "/proc/meminfo";
        if (File.Exists(meminfo))
            foreach (var line in File.ReadLines(meminfo))
            {
                // "MemTotal:       24684928 kB"
                var parts = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
                if (parts.Length == 3 && parts[0] == "MemTotal:" && long.TryParse(parts[1], out long kib)) return kib * 1024;
            }
        return GC.GetGCMemoryInfo().TotalAvailableMemoryBytes;
    }
}
