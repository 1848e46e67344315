using MedPeft.Nn;

namespace MedPeft.Tests.Nn.Bf16;

/// <summary>Where bf16 products run in bfloat16: by the processor's instruction sets and oneDNN's cap, never by the machine.</summary>
public class Bf16ProductsTests
{
    const string Avx512Flags = "fpu sse sse2 avx avx2 fma avx512f avx512dq avx512cd avx512bw avx512vl";

    static CpuDescription Cpu(string flags) => CpuDescription.Parse(["vendor_id\t: AuthenticAMD", "model name\t: AMD EPYC", $"flags\t\t: {flags}"]);

    static Func<string, string?> Cap(string? value) => name => name == "ONEDNN_MAX_CPU_ISA" ? value : null;

    [Fact]
    public void OnlyAProcessorWithBf16InstructionsMultipliesInBf16()
    {
        Assert.False(Bf16Products.Decide(Cpu("fpu sse sse2 avx avx2 fma"), Cap(null)).InBf16);
        Assert.False(Bf16Products.Decide(Cpu(Avx512Flags), Cap(null)).InBf16);
        Assert.True(Bf16Products.Decide(Cpu(Avx512Flags + " avx512_bf16"), Cap(null)).InBf16);
        Assert.True(Bf16Products.Decide(Cpu(Avx512Flags + " amx_bf16 amx_tile"), Cap(null)).InBf16);
    }

    [Theory]
    [InlineData("AVX2", false)]
    [InlineData("avx512_core", false)]
    [InlineData("AVX512_CORE_VNNI", false)]
    [InlineData("AVX512_CORE_BF16", true)]
    [InlineData("AVX512_CORE_AMX", true)]
    [InlineData("AVX10_1_512", true)]
    [InlineData("ALL", true)]
    [InlineData("", true)]
    public void OneDnnsInstructionSetCapDecidesOnABf16Processor(string cap, bool inBf16)
    {
        var (chosen, reason) = Bf16Products.Decide(Cpu(Avx512Flags + " avx512_bf16"), Cap(cap));

        Assert.Equal(inBf16, chosen);
        if (!inBf16) Assert.Contains("ONEDNN_MAX_CPU_ISA", reason);
    }
}
