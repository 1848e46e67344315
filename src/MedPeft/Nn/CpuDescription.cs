using System.Runtime.InteropServices;
using System.Runtime.Intrinsics.X86;

namespace MedPeft.Nn;

/// <summary>
/// The processor this process runs on: its model name, vendor and the instruction sets that decide which
/// CPU kernels are fast (AVX2, AVX-512, AVX512_BF16, AMX). Read from <c>/proc/cpuinfo</c> on Linux, else
/// from what .NET reports. Figures are reported with this line, because the same code runs at very
/// different speeds on an AVX2-only and an AVX-512 processor.
/// </summary>
internal sealed record CpuDescription(string Model, string Vendor, IReadOnlySet<string> Flags)
{
    static readonly Lazy<CpuDescription> current = new(Read);

    /// <summary>The processor of this process.</summary>
    public static CpuDescription Current => current.Value;

    public bool HasAvx2 => Flags.Contains("avx2");

    /// <summary>AVX-512 as oneDNN's <c>avx512_core</c> needs it: F, BW, VL and DQ.</summary>
    public bool HasAvx512 => Flags.Contains("avx512f") && Flags.Contains("avx512bw") && Flags.Contains("avx512vl") && Flags.Contains("avx512dq");

    public bool HasAvx512Bf16 => Flags.Contains("avx512_bf16");

    public bool HasAmx => Flags.Contains("amx_tile");

    public bool IsIntel => Vendor == "GenuineIntel";

    /// <summary>The instruction sets that matter for speed, e.g. "AVX2, AVX-512, AVX512_BF16" (or "no AVX2").</summary>
    public string InstructionSets
    {
        get
        {
            var sets = new List<string>();
            if (HasAvx2) sets.Add("AVX2");
            if (HasAvx512) sets.Add("AVX-512");
            if (HasAvx512Bf16) sets.Add("AVX512_BF16");
            if (HasAmx) sets.Add("AMX");
            return sets.Count == 0 ? "no AVX2" : string.Join(", ", sets);
        }
    }

    /// <summary>"AMD EPYC (AVX2, AVX-512, AVX512_BF16)".</summary>
    public override string ToString() => $"{Model} ({InstructionSets})";

    /// <summary>Reads a <c>/proc/cpuinfo</c> text: the first processor's model name, vendor and flags.</summary>
    public static CpuDescription Parse(IEnumerable<string> cpuinfoLines)
    {
        string? model = null, vendor = null, flags = null;
        foreach (var line in cpuinfoLines)
        {
            var parts = line.Split(':', 2);
            if (parts.Length != 2) continue;
            var value = parts[1].Trim();
            switch (parts[0].Trim())
            {
                case "model name": model ??= value; break;
                case "vendor_id": vendor ??= value; break;
                case "flags": flags ??= value; break;
            }
            if (model is not null && vendor is not null && flags is not null) break;
        }
        return new CpuDescription(model ?? RuntimeInformation.ProcessArchitecture.ToString(), vendor ?? "",
            (flags ?? "").Split(' ', StringSplitOptions.RemoveEmptyEntries).ToHashSet(StringComparer.Ordinal));
    }

    static CpuDescription Read()
    {
        if (File.Exists("/proc/cpuinfo")) return Parse(File.ReadLines("/proc/cpuinfo"));
        var flags = new HashSet<string>(StringComparer.Ordinal);
        if (Avx2.IsSupported) flags.Add("avx2");
        if (Avx512F.IsSupported && Avx512BW.IsSupported && Avx512DQ.IsSupported && Avx512F.VL.IsSupported)
            flags.UnionWith(["avx512f", "avx512bw", "avx512vl", "avx512dq"]);
        return new CpuDescription(RuntimeInformation.ProcessArchitecture.ToString(), X86Base.IsSupported ? VendorFromCpuid() : "", flags);
    }

    static string VendorFromCpuid()
    {
        var (_, ebx, ecx, edx) = X86Base.CpuId(0, 0);
        Span<int> registers = [ebx, edx, ecx];
        return System.Text.Encoding.ASCII.GetString(MemoryMarshal.AsBytes(registers));
    }
}
