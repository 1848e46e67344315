using MedPeft.Nn;

namespace MedPeft.Benchmarks;

/// <summary>The median, smallest and largest of some measurements.</summary>
internal readonly record struct Spread(double Median, double Min, double Max)
{
    public static Spread Of(IReadOnlyCollection<double> values)
    {
        if (values.Count == 0) throw new ArgumentException("no values", nameof(values));
        var sorted = values.Order().ToArray();
        int middle = sorted.Length / 2;
        double median = sorted.Length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
        return new Spread(median, sorted[0], sorted[^1]);
    }
}

/// <summary>One method over every round: its cost, and its step times pooled over all timed steps of all its processes.</summary>
/// <param name="PeakRssBytes">The largest peak resident size of its processes; null where it cannot be read.</param>
/// <param name="PlannedPeakBytes">The memory plan's peak for the same batch and settings (<c>medpeft plan</c>), when it was planned.</param>
internal sealed record MethodSummary(string Method, string Plan, string Batch, int Threads, long TrainableParameters, long TotalParameters,
    long OptimizerStateBytes, long? PeakRssBytes, Spread StepSeconds, IReadOnlyList<double> StepTimes, Spread ForwardSeconds, Spread BackwardSeconds, Spread OptimizerSeconds,
    long? PlannedPeakBytes = null)
{
    public double TrainablePercent => 100.0 * TrainableParameters / TotalParameters;

    /// <summary>Pools the runs of one method (one per round).</summary>
    public static MethodSummary Of(IReadOnlyList<MethodRun> runs)
    {
        var first = runs[0];
        var steps = runs.SelectMany(r => r.Steps).ToList();
        long? peak = runs.All(r => r.PeakRssBytes is not null) ? runs.Max(r => r.PeakRssBytes) : null;
        return new MethodSummary(first.Method, first.Plan, first.Batch, first.Threads, first.TrainableParameters, first.TotalParameters, first.OptimizerStateBytes, peak,
            Spread.Of(steps.Select(s => s.Total).ToList()), steps.Select(s => s.Total).ToList(), Spread.Of(steps.Select(s => s.Forward).ToList()),
            Spread.Of(steps.Select(s => s.Backward).ToList()), Spread.Of(steps.Select(s => s.Optimizer).ToList()));
    }
}

/// <summary>A method not run because its memory plan does not fit the machine's (or the given) memory.</summary>
/// <param name="Plan">The plan with every item's components written out.</param>
/// <param name="Batch">The batch it would have run on, as the plan counts it.</param>
/// <param name="PeakBytes">The plan's predicted peak.</param>
/// <param name="MemoryBytes">The memory it had to fit in.</param>
/// <param name="Reason">One sentence: the predicted peak, the memory and the cheapest change that fits.</param>
internal sealed record RefusedMethod(string Method, string Plan, string Batch, long PeakBytes, long MemoryBytes, string Reason);

/// <summary>A <c>bench-methods</c> run: every method of one model, compared with <c>full</c> and with the anchor.</summary>
/// <param name="Processor">The processor with its instruction sets, e.g. "AMD EPYC (AVX2, AVX-512)".</param>
/// <param name="LinearKernel">The kernel the linear layers ran on, with the reason.</param>
/// <param name="Anchor">The anchor's table when it measured this very model on this kind of processor; null otherwise.</param>
/// <param name="GradientCheckpointing">Whether every step recomputed its blocks' activations in the backward pass.</param>
/// <param name="Precision">How every method stored the model's weights.</param>
/// <param name="Refused">The methods not run because their memory plan does not fit.</param>
internal sealed record BenchReport(string Model, string Architecture, long Parameters, int Warmup, int Steps, int Rounds,
    IReadOnlyList<MethodSummary> Methods, AnchorTable? Anchor, string Processor, string LinearKernel, bool GradientCheckpointing = false,
    Precision Precision = Precision.Fp32, IReadOnlyList<RefusedMethod>? Refused = null)
{
    /// <summary>The methods not run because their memory plan does not fit.</summary>
    public IReadOnlyList<RefusedMethod> RefusedMethods => Refused ?? [];

    /// <summary>The method every ratio is taken to.</summary>
    public const string Reference = "full";

    /// <summary>The reference method's summary; null when only other methods were measured.</summary>
    public MethodSummary? Full => Methods.SingleOrDefault(m => m.Method == Reference);

    /// <summary>The batch every method ran on, in words.</summary>
    public string Batch => Methods.Count > 0 ? Methods[0].Batch : RefusedMethods[0].Batch;

    /// <summary>The threads the measured methods ran with; null when every method was refused.</summary>
    public int? Threads => Methods.Count > 0 ? Methods[0].Threads : null;

    /// <summary>The method's median step over full's; null without full.</summary>
    public double? StepRatio(MethodSummary method) => method.StepSeconds.Median / Full?.StepSeconds.Median;

    /// <summary>The method's peak memory over full's; null without full or a peak.</summary>
    public double? PeakRatio(MethodSummary method) => method.PeakRssBytes / (double?)Full?.PeakRssBytes;

    public AnchorMethod? AnchorFor(MethodSummary method) => Anchor?.For(method.Method);

    /// <summary>Our median step over the anchor's; null when the anchor has no such method.</summary>
    public double? AnchorRatio(MethodSummary method) => method.StepSeconds.Median / AnchorFor(method)?.MedianSeconds;
}
