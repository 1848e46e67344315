namespace MedPeft.Nn;

/// <summary>
/// Whether a CPU product with a bfloat16 weight (<see cref="Bf16Linear"/>) runs in bfloat16 or in float32 on a
/// float32 copy of that one weight, decided by the instruction sets oneDNN will run with, never by the machine the
/// code was tuned on. LibTorch sends bfloat16 products to oneDNN: with AVX512_BF16 (or AMX) they ran 3-5x faster than
/// the float32 product (788 x 768 x 3072 on a 2-vCPU AMD EPYC with AVX512_BF16: 6-15 ms against 34-55 ms), without it
/// slower than float32 (that EPYC with <c>ONEDNN_MAX_CPU_ISA=AVX2</c>: 80-180 ms against 59-72 ms, and 2.7 s for the
/// input-gradient product), so there every layer widens its weight to float32 and multiplies as float32 does.
/// </summary>
internal static class Bf16Products
{
    const string OneDnnIsaVariable = "ONEDNN_MAX_CPU_ISA";

    static readonly Lazy<(bool InBf16, string Reason)> current = new(() => Decide(CpuDescription.Current, Environment.GetEnvironmentVariable));

    [ThreadStatic] static bool? overridden;

    /// <summary>Whether this process multiplies bfloat16 weights in bfloat16.</summary>
    public static bool InBf16 => overridden ?? current.Value.InBf16;

    /// <summary>Why this process multiplies as it does, e.g. "AVX512_BF16" or "no AVX512_BF16 or AMX: ...".</summary>
    public static string Reason => current.Value.Reason;

    /// <summary>"bf16 (AVX512_BF16)" or "float32 per layer (no AVX512_BF16 or AMX: ...)": the choice and its reason, for reports.</summary>
    public static string Description => $"{(current.Value.InBf16 ? "bf16" : "float32 per layer")} ({Reason})";

    /// <summary>Runs this thread's products with bfloat16 weights in bfloat16 (true) or float32 (false) until disposed, for tests of each path.</summary>
    internal static IDisposable Use(bool inBf16)
    {
        var previous = overridden;
        overridden = inBf16;
        return new Restore(() => overridden = previous);
    }

    sealed class Restore(Action restore) : IDisposable
    {
        public void Dispose() => restore();
    }

    /// <summary>The choice for <paramref name="cpu"/> with the environment <paramref name="environment"/> (a variable's value or null).</summary>
    public static (bool InBf16, string Reason) Decide(CpuDescription cpu, Func<string, string?> environment)
    {
        if (!cpu.HasAvx512Bf16 && !cpu.HasAmx)
            return (false, "no AVX512_BF16 or AMX: bf16 products would be slower than float32 ones");
        var cap = environment(OneDnnIsaVariable)?.Trim().ToUpperInvariant();
        if (!string.IsNullOrEmpty(cap) && !AllowsBf16(cap))
            return (false, $"{OneDnnIsaVariable}={cap} keeps oneDNN below AVX512_BF16");
        return (true, cpu.HasAmx ? "AMX" : "AVX512_BF16");
    }

    // oneDNN's caps that include bfloat16 instructions: AVX512_CORE_BF16, AVX512_CORE_FP16, AVX512_CORE_AMX(_FP16), AVX10_*, DEFAULT, ALL.
    static bool AllowsBf16(string cap) =>
        cap is "DEFAULT" or "ALL" || cap.StartsWith("AVX10", StringComparison.Ordinal)
        || cap is "AVX512_CORE_BF16" or "AVX512_CORE_FP16" || cap.StartsWith("AVX512_CORE_AMX", StringComparison.Ordinal);
}
