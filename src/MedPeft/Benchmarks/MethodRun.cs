using MedPeft.Nn;
using MedPeft.Nn.Checkpointing;
using MedPeft.Peft;
using MedPeft.Runs;
using MedPeft.Training;
using static TorchSharp.torch;

namespace MedPeft.Benchmarks;

/// <summary>What one process measured for one method: its cost in parameters and memory, and its step times.</summary>
/// <param name="LinearKernel">The kernel its linear layers ran on ("BLAS" or "oneDNN").</param>
/// <param name="GradientCheckpointing">Whether its steps recomputed the blocks' activations in the backward pass.</param>
/// <param name="Precision">How it stored the model's weights.</param>
internal sealed record MethodRun(
    string Method, string Plan, long TrainableParameters, long TotalParameters, long OptimizerStateBytes,
    long? PeakRssBytes, int Threads, string Batch, IReadOnlyList<StepTiming> Steps, string LinearKernel, bool GradientCheckpointing = false,
    Precision Precision = Precision.Fp32)
{
    /// <summary>
    /// Builds <paramref name="model"/>, applies <paramref name="method"/> with default options, and times
    /// <paramref name="steps"/> training steps after <paramref name="warmup"/> untimed ones, with
    /// <paramref name="gradientCheckpointing"/> its blocks recomputed in the backward pass, its weights stored as
    /// <paramref name="precision"/> says. The peak resident memory is the whole process's, model building included.
    /// </summary>
    public static MethodRun Measure(string model, string method, int warmup, int steps, bool gradientCheckpointing = false, Precision precision = Precision.Fp32)
    {
        using var hf = RunLoader.Model(model, precision: precision);
        var peft = PeftModel.Apply(hf, PeftPlan.Parse(method), new PeftOptions());
        hf.Module.train();
        BlockCheckpoint.Set(hf.Module, gradientCheckpointing);
        var account = PeftAccount.Of(peft);
        using var batch = BenchBatch.For(hf);
        using var step = new TrainingStep(peft, batch);
        // AdamW's exp_avg and exp_avg_sq: two tensors like each optimized parameter.
        long stateBytes = 2 * peft.Optimized.Sum(p => p.Parameter.numel() * p.Parameter.ElementSize);
        for (int i = 0; i < warmup; i++) step.Run();
        var timings = Enumerable.Range(0, steps).Select(_ => step.Run()).ToList();
        return new MethodRun(method, AppliedPlan(peft), account.Trainable, account.Total, stateBytes,
            ResourceUsage.PeakResidentBytes(), get_num_threads(), batch.Description, timings, LinearKernelChoice.Name(LinearKernelChoice.Current), gradientCheckpointing, precision);
    }

    /// <summary>The plan with every item's components written out, e.g. <c>lora@text-encoder:decoder</c>.</summary>
    static string AppliedPlan(PeftModel peft) =>
        string.Join("+", peft.Applied.Select(a => new PlanItem(a.Item.Method, a.Components)));
}
