using System.CommandLine;
using MedPeft.Planning;
using MedPeft.Runtime;

namespace MedPeft.Cli;

/// <summary>
/// The options and the check that refuse, before anything is loaded, a training run the plan says cannot fit
/// in the machine's memory (instead of the kernel's OOM killer ending it later); <c>--force</c> runs it anyway.
/// </summary>
internal sealed class MemoryCheck
{
    /// <summary>The memory a run has to fit in.</summary>
    public Option<string?> DeviceMemory { get; } = new("--device-memory")
    {
        HelpName = "SIZE",
        Description = "The memory the run has to fit in, e.g. 24GiB (default: this machine's physical memory).",
    };

    /// <summary>Runs what the plan says does not fit.</summary>
    public Option<bool> Force { get; } = new("--force") { Description = "Train even when the memory plan says the run does not fit." };

    public void AddTo(Command command)
    {
        command.Options.Add(DeviceMemory);
        command.Options.Add(Force);
    }

    /// <summary>The --device-memory size in bytes, or the machine's physical memory.</summary>
    public long Memory(ParseResult parse) =>
        parse.GetValue(DeviceMemory) is { } text ? MemorySize.Parse(DeviceMemory.Name, text) : PhysicalMemory.Bytes();

    /// <summary>
    /// The refusal of <paramref name="request"/>: null when its plan fits in the memory or --force is given, else the plan,
    /// the memory and one message naming the predicted peak, the memory and the cheapest change. The one rule
    /// <c>train</c>, <c>compare</c> and <c>bench-methods</c> refuse a run by.
    /// </summary>
    public MemoryRefusal? Refusal(ParseResult parse, PlanRequest request) =>
        // Under --force nothing is planned: the plan's structure costs seconds for a 7B model.
        parse.GetValue(Force) ? null : Refusal(parse, Plan(parse, request));

    /// <summary>The plan of <paramref name="request"/> against the memory (--device-memory, or this machine's).</summary>
    public MemoryPlan Plan(ParseResult parse, PlanRequest request) => MemoryPlanner.Plan(request, Memory(parse));

    /// <summary>The refusal of a run with <paramref name="plan"/>: null when it fits or --force is given.</summary>
    public MemoryRefusal? Refusal(ParseResult parse, MemoryPlan plan)
    {
        if (plan.Fits || parse.GetValue(Force)) return null;
        long memory = plan.DeviceMemory;
        return new MemoryRefusal(plan, $"{plan.AppliedPlan} with batch {plan.Request.BatchSize} is predicted to peak at {MemorySize.Format(plan.PeakBytes)}, " +
            $"more than the {MemorySize.Format(memory)} of memory ({DeviceMemory.Name}); {Advice(plan)} ({Force.Name} trains anyway).");
    }

    /// <summary>Throws (exit code 2) with the <see cref="Refusal"/> of the first request that does not fit.</summary>
    public void Require(ParseResult parse, IEnumerable<PlanRequest> requests)
    {
        foreach (var request in requests)
            if (Refusal(parse, request) is { } refusal) throw new MedPeftException(refusal.Message);
    }

    /// <summary>The cheapest change that makes the plan fit, in the command line's words.</summary>
    public static string Advice(MemoryPlan plan) => MemoryPlanner.CheapestChange(plan) is { } change
        ? $"the cheapest change that fits: {Describe(plan, change)} (predicted peak {MemorySize.Format(change.Plan.PeakBytes)})"
        : "no single change (recomputation, a smaller batch, bf16, ln or lora) makes it fit";

    /// <summary>A change to <paramref name="plan"/> as the options that make it.</summary>
    public static string Describe(MemoryPlan plan, PlanChange change) => change.Kind switch
    {
        ChangeKind.GradientCheckpointing => "--grad-checkpointing",
        ChangeKind.Bf16 => $"{PrecisionOption.Flag} bf16",
        ChangeKind.BatchSize => $"--batch-size {change.Plan.Request.BatchSize} --grad-accum {plan.Request.BatchSize / change.Plan.Request.BatchSize}",
        ChangeKind.Method => $"--method {change.Value}",
        _ => throw new ArgumentOutOfRangeException(nameof(change)),
    };
}

/// <summary>A run the memory plan says does not fit: its plan (with the memory it was planned against) and why it is refused.</summary>
internal sealed record MemoryRefusal(MemoryPlan Plan, string Message);
