using System.Diagnostics;
using MedPeft.Peft;
using MedPeft.Training;
using static TorchSharp.torch;

namespace MedPeft.Benchmarks;

/// <summary>
/// How long the parts of one training step took, in seconds, and the processor time the process used
/// meanwhile (about threads × wall time when the process had the cores to itself).
/// </summary>
internal readonly record struct StepTiming(double Forward, double Backward, double Optimizer, double Cpu)
{
    public double Total => Forward + Backward + Optimizer;
}

/// <summary>
/// One training step as the performance anchor defines it: forward with labels, backward,
/// <c>AdamW.step()</c>, <c>zero_grad</c>, on the parameters a PEFT plan optimizes.
/// </summary>
internal sealed class TrainingStep : IDisposable
{
    /// <summary>The study's AdamW settings (learning rate of its VQA-RAD runs, weight decay 0.05).</summary>
    public const double LearningRate = 1e-5, WeightDecay = 0.05;

    readonly BenchBatch batch;
    readonly AdamW optimizer;

    public TrainingStep(PeftModel peft, BenchBatch batch)
    {
        if (peft.Optimized.Count == 0)
            throw new MedPeftException($"the plan '{peft.Plan}' trains nothing, so there is no training step to run.");
        this.batch = batch;
        optimizer = new AdamW(peft.Optimized, new AdamW.Settings(LearningRate, WeightDecay: WeightDecay));
    }

    public StepTiming Run()
    {
        using var scope = NewDisposeScope();
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        var clock = Stopwatch.StartNew();
        var loss = batch.Loss();
        var forward = clock.Elapsed.TotalSeconds;
        loss.backward();
        var backward = clock.Elapsed.TotalSeconds;
        optimizer.StepOnce();
        optimizer.ZeroGrad();
        var total = clock.Elapsed.TotalSeconds;
        return new StepTiming(forward, backward - forward, total - backward, (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalSeconds);
    }

    public void Dispose() => optimizer.Dispose();
}
