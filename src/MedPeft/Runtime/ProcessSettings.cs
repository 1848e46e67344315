using System.Runtime.InteropServices;

namespace MedPeft.Runtime;

/// <summary>
/// Process-wide settings that make LibTorch training on a CPU hold up on a shared machine. Both are
/// measured on this project's 2-vCPU VMs; both leave a setting the user made alone.
/// <list type="bullet">
/// <item>OpenMP worker threads wait passively (<c>OMP_WAIT_POLICY=PASSIVE</c>). By default they spin
/// between parallel regions; when other processes want the cores too, the spinning thread takes CPU
/// from the one doing the work (44% of a BLIP training step's CPU samples were spin loops, and a
/// LLaMA step took 2-3x longer than with passive waiting).</item>
/// <item>glibc keeps freed memory for reuse instead of unmapping blocks over 32 MB and trimming the
/// heap, so a step does not fault in again the activations and gradients the previous step freed.
/// Faults cost 5-7 s per GiB in a VM that hands freed pages back to its host (0.1 s per GiB for
/// memory already mapped). The peak resident size is what the peak use needs either way.</item>
/// </list>
/// </summary>
internal static class ProcessSettings
{
    const string WaitPolicy = "OMP_WAIT_POLICY", SpinCount = "GOMP_SPINCOUNT";
    const int TrimThreshold = -1, MmapMax = -4;

    /// <summary>
    /// Applies both settings. Call it before the first TorchSharp call: the OpenMP runtime reads its
    /// environment when LibTorch loads. Does nothing outside Linux.
    /// </summary>
    public static void Configure()
    {
        if (!OperatingSystem.IsLinux()) return;
        try
        {
            if (Environment.GetEnvironmentVariable(WaitPolicy) is null && Environment.GetEnvironmentVariable(SpinCount) is null)
                SetEnv(WaitPolicy, "PASSIVE", overwrite: 0);
            // mallopt(3): no separate mappings for large blocks; a trim threshold of -1 disables trimming.
            Mallopt(MmapMax, 0);
            Mallopt(TrimThreshold, -1);
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            // A C library without setenv/mallopt (not glibc): keep its defaults.
        }
    }

    // .NET keeps its own copy of the environment on Unix; the OpenMP runtime reads the C library's.
    [DllImport("libc", EntryPoint = "setenv")]
    static extern int SetEnv(string name, string value, int overwrite);

    [DllImport("libc", EntryPoint = "mallopt")]
    static extern int Mallopt(int parameter, int value);
}
