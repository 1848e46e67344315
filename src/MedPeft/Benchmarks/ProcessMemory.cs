namespace MedPeft.Benchmarks;

/// <summary>Memory figures of the current process, as the Linux kernel reports them.</summary>
public static class ProcessMemory
{
    const string Status = "/proc/self/status";

    /// <summary>Peak resident set size in bytes (<c>VmHWM</c>), or null where /proc is not available.</summary>
    public static long? PeakResidentBytes() => StatusKilobytes("VmHWM:") * 1024;

    static long? StatusKilobytes(string field)
    {
        if (!File.Exists(Status)) return null;
        foreach (var line in File.ReadLines(Status))
            if (line.StartsWith(field, StringComparison.Ordinal))
                return long.Parse(line[field.Length..].Trim().Split(' ')[0]);
        return null;
    }
}
