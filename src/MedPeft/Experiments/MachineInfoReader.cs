using System.Runtime.InteropServices;
using MedPeft.Nn;
using TorchSharp;

namespace MedPeft.Experiments;

/// <summary>Describes the machine a comparison runs on.</summary>
internal static class MachineInfoReader
{
    public static MachineInfo Current()
    {
        var cpu = CpuDescription.Current;
        long memory = GC.GetGCMemoryInfo().TotalAvailableMemoryBytes;
        return new MachineInfo(RuntimeInformation.OSDescription, cpu.Model, Environment.ProcessorCount, memory,
            Environment.Version.ToString(), typeof(torch).Assembly.GetName().Version?.ToString() ?? "?", torch.get_num_threads(),
            cpu.InstructionSets, LinearKernelChoice.Description);
    }
}
