namespace MedPeft.Training;

/// <summary>Memory the process uses, from /proc/self/status (Linux); null elsewhere.</summary>
internal static class ResourceUsage
{
    /// <summary>Peak resident set size in bytes (VmHWM).</summary>
    public static long? PeakResidentBytes() => Read("VmHWM:");

    /// <summary>Current resident set size in bytes (VmRSS).</summary>
    public static long? ResidentBytes() => Read("VmRSS:");

    static long? Read(string field)
    {
        const string status = "/proc/self/status";
        if (!File.Exists(status)) return null;
        foreach (var line in File.ReadLines(status))
            if (line.StartsWith(field, StringComparison.Ordinal))
                return long.Parse(line[field.Length..].Trim().Split(' ')[0]) * 1024;
        return null;
    }
}
