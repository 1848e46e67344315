namespace MedPeft.Benchmarks;

/// <summary>One method as the performance anchor measured it.</summary>
/// <param name="Method">The MedPeft plan that trains the same parameters.</param>
/// <param name="Description">The anchor's own name for it.</param>
internal sealed record AnchorMethod(string Method, string Description, double TrainablePercent, double MedianSeconds, double MinSeconds,
    double MaxSeconds, double PeakRssGiB);

/// <summary>The anchor's measurements of one model on one kind of processor, and which model that is.</summary>
/// <param name="Architecture">The HF class of the model.</param>
/// <param name="MillionParameters">Its size, as the anchor states it (millions, one decimal).</param>
/// <param name="Processor">The processor it was measured on, with its instruction sets.</param>
internal sealed record AnchorTable(string Architecture, double MillionParameters, string Processor, IReadOnlyList<AnchorMethod> Methods)
{
    /// <summary>True when a model of this class and size (rounded as the anchor rounds it) is the anchor's model.</summary>
    public bool Describes(long parameters) => Math.Round(parameters / 1e6, 1) == MillionParameters;

    public AnchorMethod? For(string method) => Methods.FirstOrDefault(m => m.Method == method);
}

/// <summary>
/// The performance anchor: HF transformers 4.40.2 + peft 0.11.1 on PyTorch 1.13.1 (OpenBLAS, float32,
/// 2 threads, eager attention, single-tensor AdamW) on the batches of <see cref="BenchBatch"/>, each
/// configuration in its own process, copied from the project's note perf-anchor.md. Two processors:
/// a 2-vCPU AMD EPYC with AVX-512 (2026-11; 3 interleaved rounds x 8 timed steps after 2 warm-up
/// steps) and a 2-vCPU AMD EPYC with AVX2 only (2026-12, BLIP only; 2 rounds x 4 steps after 1, medians
/// only). A benchmark is held to the table of its own kind of processor. The note also lists LN tuning
/// through peft's LNTuningConfig (2.99 s), which trains what <c>ln</c> trains, so <c>ln</c> is held to
/// the faster plain-LayerNorm row.
/// </summary>
internal static class AnchorResults
{
    const string Avx512Epyc = "2-vCPU AMD EPYC (AVX2, AVX-512)", Avx2Epyc = "2-vCPU AMD EPYC (AVX2 only)";

    public static readonly AnchorTable BlipBase = new("BlipForQuestionAnswering", 384.4, Avx512Epyc, new AnchorMethod[]
    {
        new("full", "full", 100, 6.50, 5.26, 8.85, 6.68),
        new("ln", "LN only (all 100 LayerNorms)", 0.040, 2.83, 2.54, 3.27, 2.81),
        new("lora", "LoRA r8 a32 on query,value (text only; vision frozen)", 0.306, 1.96, 1.67, 2.59, 2.27),
        new("full@text-encoder:decoder", "frozen vision, full text", 77.7, 3.78, 3.32, 4.86, 5.42),
        new("attn", "attention only (all components)", 36.9, 3.76, 3.18, 4.25, 3.86),
        new("ffn", "FFN only (all components)", 44.2, 3.99, 3.43, 4.36, 4.54),
    });

    /// <summary>The same BLIP batches on an AVX2-only processor (medians only: min and max are the median).</summary>
    public static readonly AnchorTable BlipBaseAvx2 = new("BlipForQuestionAnswering", 384.4, Avx2Epyc, new AnchorMethod[]
    {
        new("full", "full", 100, 9.00, 9.00, 9.00, 6.66),
        new("ln", "LN only (all 100 LayerNorms)", 0.040, 4.35, 4.35, 4.35, 2.78),
        new("lora", "LoRA r8 a32 on query,value (text only; vision frozen)", 0.306, 2.80, 2.80, 2.80, 2.35),
        new("full@text-encoder:decoder", "frozen vision, full text", 77.7, 5.43, 5.43, 5.43, 5.44),
        new("attn", "attention only (all components)", 36.9, 4.93, 4.93, 4.93, 3.87),
        new("ffn", "FFN only (all components)", 44.2, 4.98, 4.98, 4.98, 4.46),
    });

    public static readonly AnchorTable LlamaSmall = new("LlamaForCausalLM", 155.7, Avx512Epyc, new AnchorMethod[]
    {
        new("full", "full", 100, 4.31, 3.59, 6.15, 3.78),
        new("ln", "RMSNorm only", 0.011, 2.15, 1.70, 2.32, 2.08),
        new("lora", "LoRA r8 q,v", 0.137, 1.89, 1.75, 2.32, 2.18),
    });

    /// <summary>The anchor table for a model class (its methods are the benchmark's), or null when the anchor did not measure that class.</summary>
    public static AnchorTable? ForArchitecture(string architecture) =>
        new[] { BlipBase, LlamaSmall }.FirstOrDefault(t => t.Architecture == architecture);

    /// <summary>
    /// The table to hold a run to: measured on a processor whose kernels run AVX-512 when
    /// <paramref name="avx512"/>, else on the AVX2-only one; null when the anchor has no such table.
    /// </summary>
    public static AnchorTable? ForProcessor(string architecture, bool avx512) =>
        (avx512 ? new[] { BlipBase, LlamaSmall } : new[] { BlipBaseAvx2 }).FirstOrDefault(t => t.Architecture == architecture);
}
