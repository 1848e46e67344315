namespace MedPeft.Nn;

/// <summary>The implementations a CPU float32 linear layer can run on.</summary>
internal enum LinearKernel
{
    /// <summary>LibTorch's own <c>linear</c>: a BLAS GEMM (MKL in LibTorch's CPU build).</summary>
    Blas,
    /// <summary>oneDNN's inner-product primitives (<see cref="OneDnnLinear"/>).</summary>
    OneDnn,
}

/// <summary>
/// Which kernel linear layers use on this processor, and why. Decided by the instruction sets the
/// kernels will actually run with, never by the machine the code was tuned on:
/// <list type="bullet">
/// <item>oneDNN pays off only where it runs AVX-512 and MKL does not. MKL runs AVX2 kernels on AMD
/// processors whatever they support; oneDNN picks AVX-512 ones. On an AVX-512 AMD EPYC oneDNN's
/// products were 1.3-2x faster; on an AVX2-only EPYC, where both run AVX2, oneDNN made every
/// PEFT step slower (blip-base <c>ln</c> 5.58 against 4.69 s, <c>attn</c> 7.02 against 5.37 s).</item>
/// <item><c>ONEDNN_MAX_CPU_ISA</c> below AVX-512 keeps oneDNN on AVX2, and on an Intel processor MKL
/// uses AVX-512 itself unless <c>MKL_ENABLE_INSTRUCTIONS</c> caps it: BLAS in both cases.</item>
/// <item><c>MEDPEFT_LINEAR_KERNEL</c> = <c>blas</c> | <c>onednn</c> | <c>auto</c> (default) overrides it,
/// for benchmarks that measure both paths.</item>
/// </list>
/// </summary>
internal static class LinearKernelChoice
{
    public const string Variable = "MEDPEFT_LINEAR_KERNEL";
    const string OneDnnIsaVariable = "ONEDNN_MAX_CPU_ISA", MklIsaVariable = "MKL_ENABLE_INSTRUCTIONS";

    static readonly Lazy<(LinearKernel Kernel, string Reason)> current =
        new(() => Decide(CpuDescription.Current, Environment.GetEnvironmentVariable));

    /// <summary>The kernel of this process.</summary>
    public static LinearKernel Current => current.Value.Kernel;

    /// <summary>"oneDNN (AVX-512; MKL runs AVX2 kernels on this processor)" or "BLAS (...)": the choice and its reason, for reports.</summary>
    public static string Description => Describe(current.Value);

    /// <summary>What a process run with <see cref="Variable"/> = <paramref name="setting"/> chooses here, described as <see cref="Description"/>.</summary>
    public static string DescribeSetting(string setting) =>
        Describe(Decide(CpuDescription.Current, name => name == Variable ? setting : Environment.GetEnvironmentVariable(name)));

    static string Describe((LinearKernel Kernel, string Reason) choice) => $"{Name(choice.Kernel)} ({choice.Reason})";

    public static string Name(LinearKernel kernel) => kernel == LinearKernel.OneDnn ? "oneDNN" : "BLAS";

    /// <summary>The kernel for <paramref name="cpu"/> with the environment <paramref name="environment"/> (a variable's value or null).</summary>
    public static (LinearKernel Kernel, string Reason) Decide(CpuDescription cpu, Func<string, string?> environment)
    {
        var forced = environment(Variable)?.Trim().ToLowerInvariant();
        switch (forced)
        {
            case "blas": return (LinearKernel.Blas, $"{Variable}=blas");
            case "onednn": return (LinearKernel.OneDnn, $"{Variable}=onednn");
            case null or "" or "auto": break;
            default: throw new MedPeftException($"{Variable}='{forced}': expected auto, blas or onednn.");
        }
        if (!cpu.HasAvx512) return (LinearKernel.Blas, "no AVX-512: oneDNN would run AVX2 like BLAS, and was slower there");
        if (!OneDnnRunsAvx512(cpu, environment))
            return (LinearKernel.Blas, $"{OneDnnIsaVariable}={environment(OneDnnIsaVariable)} keeps oneDNN below AVX-512");
        if (cpu.IsIntel && AllowsAvx512(environment(MklIsaVariable), oneDnn: false))
            return (LinearKernel.Blas, "MKL runs AVX-512 on this Intel processor");
        return (LinearKernel.OneDnn, cpu.IsIntel ? $"AVX-512; {MklIsaVariable} keeps MKL below it" : "AVX-512; MKL runs AVX2 kernels on this processor");
    }

    /// <summary>Whether oneDNN's kernels run AVX-512 here: the processor has it and <c>ONEDNN_MAX_CPU_ISA</c> does not cap it
    /// (the setting that approximates an AVX2-only processor on an AVX-512 one).</summary>
    public static bool OneDnnRunsAvx512(CpuDescription cpu, Func<string, string?> environment) =>
        cpu.HasAvx512 && AllowsAvx512(environment(OneDnnIsaVariable), oneDnn: true);

    // oneDNN: SSE41, AVX, AVX2, AVX2_VNNI, AVX2_VNNI_2, AVX512_CORE..., AVX10_1_512..., DEFAULT/ALL.
    // MKL: SSE4_2, AVX, AVX2, AVX512, AVX512_E1..E5, AVX10. Unset means no cap.
    static bool AllowsAvx512(string? cap, bool oneDnn)
    {
        var value = cap?.Trim().ToUpperInvariant();
        return string.IsNullOrEmpty(value) || value.StartsWith("AVX512", StringComparison.Ordinal) || value.StartsWith("AVX10", StringComparison.Ordinal)
               || (oneDnn && value is "DEFAULT" or "ALL");
    }
}
