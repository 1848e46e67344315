namespace MedPeft.Benchmarks;

/// <summary>One method as the performance anchor measured it.</summary>
/// <param name="Method">The MedPeft plan that trains the same parameters.</param>
/// <param name="Description">The anchor's own name for it.</param>
public sealed record AnchorMethod(string Method, string Description, double TrainablePercent, double MedianSeconds, double MinSeconds,
    double MaxSeconds, double PeakRssGiB);

/// <summary>The anchor's measurements of one model, and which model that is.</summary>
/// <param name="Architecture">The HF class of the model.</param>
/// <param name="MillionParameters">Its size, as the anchor states it (millions, one decimal).</param>
public sealed record AnchorTable(string Architecture, double MillionParameters, IReadOnlyList<AnchorMethod> Methods)
{
    /// <summary>True when a model of this class and size (rounded as the anchor rounds it) is the anchor's model.</summary>
    public bool Describes(long parameters) => Math.Round(parameters / 1e6, 1) == MillionParameters;

    public AnchorMethod? For(string method) => Methods.FirstOrDefault(m => m.Method == method);
}

/// <summary>
/// The performance anchor: HF transformers 4.40.2 + peft 0.11.1 on PyTorch 1.13.1 (OpenBLAS, float32,
/// 2 threads, eager attention, single-tensor AdamW) on this project's 2-vCPU AMD EPYC machine, each
/// configuration in its own process, 3 interleaved rounds x 8 timed steps after 2 warm-up steps, on
/// the batches of <see cref="BenchBatch"/>. Copied from the project's note perf-anchor.md (shared
/// notes, 2026-11); the note also lists LN tuning through peft's LNTuningConfig (2.99 s), which trains
/// what <c>ln</c> trains, so <c>ln</c> is held to the faster plain-LayerNorm row.
/// </summary>
public static class AnchorResults
{
    public static readonly AnchorTable BlipBase = new("BlipForQuestionAnswering", 384.4, new AnchorMethod[]
    {
        new("full", "full", 100, 6.50, 5.26, 8.85, 6.68),
        new("ln", "LN only (all 100 LayerNorms)", 0.040, 2.83, 2.54, 3.27, 2.81),
        new("lora", "LoRA r8 a32 on query,value (text only; vision frozen)", 0.306, 1.96, 1.67, 2.59, 2.27),
        new("full@text-encoder:decoder", "frozen vision, full text", 77.7, 3.78, 3.32, 4.86, 5.42),
        new("attn", "attention only (all components)", 36.9, 3.76, 3.18, 4.25, 3.86),
        new("ffn", "FFN only (all components)", 44.2, 3.99, 3.43, 4.36, 4.54),
    });

    public static readonly AnchorTable LlamaSmall = new("LlamaForCausalLM", 155.7, new AnchorMethod[]
    {
        new("full", "full", 100, 4.31, 3.59, 6.15, 3.78),
        new("ln", "RMSNorm only", 0.011, 2.15, 1.70, 2.32, 2.08),
        new("lora", "LoRA r8 q,v", 0.137, 1.89, 1.75, 2.32, 2.18),
    });

    /// <summary>The anchor table for a model class, or null when the anchor did not measure that class.</summary>
    public static AnchorTable? ForArchitecture(string architecture) =>
        new[] { BlipBase, LlamaSmall }.FirstOrDefault(t => t.Architecture == architecture);
}
