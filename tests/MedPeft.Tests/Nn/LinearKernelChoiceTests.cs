using MedPeft.Nn;

namespace MedPeft.Tests.Nn;

/// <summary>Which linear kernel each kind of processor gets, from its /proc/cpuinfo and the environment.</summary>
public class LinearKernelChoiceTests
{
    const string Avx2Flags = "fpu sse sse2 ssse3 fma sse4_1 sse4_2 avx f16c avx2 bmi2";
    const string Avx512Flags = Avx2Flags + " avx512f avx512dq avx512cd avx512bw avx512vl avx512_vnni avx512_bf16";

    static CpuDescription Cpu(string vendor, string model, string flags) =>
        CpuDescription.Parse([$"processor\t: 0", $"vendor_id\t: {vendor}", $"model name\t: {model}", $"flags\t\t: {flags}", "", "processor\t: 1", "flags\t\t: sse"]);

    static readonly CpuDescription AmdAvx2 = Cpu("AuthenticAMD", "AMD EPYC 7B12", Avx2Flags);
    static readonly CpuDescription AmdAvx512 = Cpu("AuthenticAMD", "AMD EPYC 9B14", Avx512Flags);
    static readonly CpuDescription IntelAvx512 = Cpu("GenuineIntel", "Intel(R) Xeon(R) Platinum 8481C", Avx512Flags + " amx_bf16 amx_tile amx_int8");

    static Func<string, string?> Environment(params (string Name, string Value)[] values) =>
        name => values.FirstOrDefault(v => v.Name == name).Value;

    [Fact]
    public void CpuinfoGivesModelVendorAndTheFirstProcessorsInstructionSets()
    {
        Assert.Equal("AMD EPYC 9B14", AmdAvx512.Model);
        Assert.Equal("AuthenticAMD", AmdAvx512.Vendor);
        Assert.Equal("AVX2", AmdAvx2.InstructionSets);
        Assert.Equal("AVX2, AVX-512, AVX512_BF16", AmdAvx512.InstructionSets);
        Assert.Equal("Intel(R) Xeon(R) Platinum 8481C (AVX2, AVX-512, AVX512_BF16, AMX)", IntelAvx512.ToString());
        Assert.Equal("no AVX2", Cpu("GenuineIntel", "old", "sse sse2").InstructionSets);
        // AVX-512 needs all of F, BW, VL and DQ (oneDNN's avx512_core).
        Assert.False(Cpu("GenuineIntel", "Knights Landing", Avx2Flags + " avx512f avx512cd").HasAvx512);
    }

    [Fact]
    public void OnlyAnAvx512ProcessorWhoseMklRunsAvx2GetsOneDnn()
    {
        Assert.Equal(LinearKernel.Blas, LinearKernelChoice.Decide(AmdAvx2, Environment()).Kernel);
        Assert.Equal(LinearKernel.OneDnn, LinearKernelChoice.Decide(AmdAvx512, Environment()).Kernel);
        Assert.Equal(LinearKernel.Blas, LinearKernelChoice.Decide(IntelAvx512, Environment()).Kernel);
    }

    [Theory]
    [InlineData("AVX2", "AVX2", "Blas")]           // how an AVX2-only processor is approximated on an AVX-512 one
    [InlineData("avx2_vnni", null, "Blas")]
    [InlineData("AVX512_CORE", null, "OneDnn")]
    [InlineData("AVX512_CORE_BF16", "AVX2", "OneDnn")]
    [InlineData("ALL", null, "OneDnn")]
    [InlineData(null, "AVX2", "OneDnn")]          // MKL runs AVX2 on AMD anyway
    public void OneDnnsInstructionCapDecidesOnAmd(string? oneDnnCap, string? mklCap, string expected)
    {
        var environment = Environment(("ONEDNN_MAX_CPU_ISA", oneDnnCap!), ("MKL_ENABLE_INSTRUCTIONS", mklCap!));
        Assert.Equal(Enum.Parse<LinearKernel>(expected), LinearKernelChoice.Decide(AmdAvx512, environment).Kernel);
    }

    [Fact]
    public void MklCappedBelowAvx512OnIntelLeavesOneDnnFaster()
    {
        var (kernel, reason) = LinearKernelChoice.Decide(IntelAvx512, Environment(("MKL_ENABLE_INSTRUCTIONS", "AVX2")));
        Assert.Equal(LinearKernel.OneDnn, kernel);
        Assert.Contains("MKL_ENABLE_INSTRUCTIONS", reason);
    }

    [Fact]
    public void TheVariableOverridesTheProcessorAndABadValueIsNamed()
    {
        Assert.Equal(LinearKernel.OneDnn, LinearKernelChoice.Decide(AmdAvx2, Environment(("MEDPEFT_LINEAR_KERNEL", "onednn"))).Kernel);
        Assert.Equal(LinearKernel.Blas, LinearKernelChoice.Decide(AmdAvx512, Environment(("MEDPEFT_LINEAR_KERNEL", "BLAS"))).Kernel);
        Assert.Equal(LinearKernel.OneDnn, LinearKernelChoice.Decide(AmdAvx512, Environment(("MEDPEFT_LINEAR_KERNEL", "auto"))).Kernel);
        var error = Assert.Throws<MedPeftException>(() => LinearKernelChoice.Decide(AmdAvx512, Environment(("MEDPEFT_LINEAR_KERNEL", "mkl"))));
        Assert.Contains("MEDPEFT_LINEAR_KERNEL='mkl'", error.Message);
        Assert.Contains("auto, blas or onednn", error.Message);
    }
}
