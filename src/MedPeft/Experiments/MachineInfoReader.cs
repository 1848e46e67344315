using System.Runtime.InteropServices;
using TorchSharp;

namespace MedPeft.Experiments;

/// <summary>Describes the machine a comparison runs on.</summary>
public static class MachineInfoReader
{
    public static MachineInfo Current()
    {
        string processor = File.Exists("/proc/cpuinfo")
            ? File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal))?.Split(':', 2)[1].Trim() ?? RuntimeInformation.ProcessArchitecture.ToString()
            : RuntimeInformation.ProcessArchitecture.ToString();
        long memory = GC.GetGCMemoryInfo().TotalAvailableMemoryBytes;
        return new MachineInfo(RuntimeInformation.OSDescription, processor, Environment.ProcessorCount, memory,
            Environment.Version.ToString(), typeof(torch).Assembly.GetName().Version?.ToString() ?? "?", torch.get_num_threads());
    }
}
