using MedPeft.Models;
using MedPeft.Nn;
using MedPeft.Peft;

namespace MedPeft.Planning;

/// <summary>
/// Predicts the peak memory and the work of a training step before anything is trained: the model is built
/// on the meta device, the PEFT plan applied to it, its parameters counted exactly, and the activations
/// computed from the layers' shapes (<see cref="ActivationEstimate"/>).
/// </summary>
public static class MemoryPlanner
{
    /// <summary>
    /// Resident memory of the process before the model: the .NET runtime, LibTorch and its kernels (a training step of
    /// the 93k-parameter tiny-blip peaked at 197-200 MiB on the machine of the README's table).
    /// </summary>
    public const long ProcessBaseline = 200L << 20;

    /// <summary>
    /// What the heap holds beyond a step's live tensors, as a fraction of the activations and the backward pass's
    /// transients: glibc keeps freed blocks of the step's short-lived tensors for reuse rather than returning them. Fitted
    /// on blip-base and llama-small (measured peaks 0-0.2 GiB above the live tensors, about 15% of the step's activations).
    /// </summary>
    public const double HeapOverhead = 0.15;

    /// <summary>The plan of <paramref name="request"/> against <paramref name="deviceMemory"/> bytes.</summary>
    public static MemoryPlan Plan(PlanRequest request, long deviceMemory) => Analysis.Of(request).Estimate(request, deviceMemory);

    /// <summary>
    /// The cheapest change that makes a run that does not fit fit, tried in this order: recomputing activations
    /// (same result, about a third more work), a smaller batch (the same result with gradient accumulation),
    /// bfloat16 frozen linear weights, then a method that trains less (ln, then lora). Null when none fits.
    /// </summary>
    public static PlanChange? CheapestChange(MemoryPlan plan)
    {
        var request = plan.Request;
        var analysis = Analysis.Of(request);
        MemoryPlan Replan(PlanRequest changed) => analysis.Estimate(changed, plan.DeviceMemory);
        if (!request.GradientCheckpointing && Replan(request with { GradientCheckpointing = true }) is { Fits: true } recomputed)
            return new PlanChange(ChangeKind.GradientCheckpointing, "", recomputed);
        // Divisors only, so that gradient accumulation keeps the batch an optimizer step sees.
        foreach (int batch in Enumerable.Range(1, request.BatchSize - 1).Reverse().Where(b => request.BatchSize % b == 0))
            if (Replan(request with { BatchSize = batch }) is { Fits: true } smaller)
                return new PlanChange(ChangeKind.BatchSize, batch.ToString(System.Globalization.CultureInfo.InvariantCulture), smaller);
        if (request.Precision != Precision.Bf16 && Replan(request with { Precision = Precision.Bf16 }) is { Fits: true } halved)
            return new PlanChange(ChangeKind.Bf16, "", halved);
        foreach (var method in new[] { "ln", "lora" })
        {
            if (request.Method == method) continue;
            var other = Plan(request with { Method = method, Scope = null }, plan.DeviceMemory);
            if (other.Fits) return new PlanChange(ChangeKind.Method, method, other);
        }
        return null;
    }

    /// <summary>The model's layers and what the method trains: what a plan of its shapes and storage is estimated from.</summary>
    sealed record Analysis(string Architecture, string Applied, ParameterCounts Counts, IReadOnlyList<LayerStack> Stacks)
    {
        /// <summary>Builds the model on the meta device and applies the method to it.</summary>
        public static Analysis Of(PlanRequest request)
        {
            request = request.Validated();
            return ModelStructure.Inspect(request.Model, structure =>
            {
                var peft = PeftModel.Apply(structure, request.Plan, request.Peft);
                var applied = string.Join("+", peft.Applied.Select(a => new PlanItem(a.Item.Method, a.Components)));
                return new Analysis(structure.Architecture, applied, ParameterCounts.Of(peft), ModelShapes.Of(structure, request));
            });
        }

        /// <summary>The plan of <paramref name="request"/>, whose model and method are this analysis's.</summary>
        public MemoryPlan Estimate(PlanRequest request, long deviceMemory)
        {
            long batch = request.BatchSize;
            var keeps = KeptComponents(Stacks, Counts);
            var kept = Stacks.Where(s => keeps(s.Component)).ToList();
            long activations = kept.Sum(s => ActivationEstimate.Kept(s, request.GradientCheckpointing));
            // Recomputing a block in the backward pass holds that block's activations again, one block at a time.
            long recomputed = request.GradientCheckpointing ? kept.Select(ActivationEstimate.PerLayer).DefaultIfEmpty(0).Max() : 0;
            // The backward pass holds one layer's gradients at a time besides the head's, and AdamW float32 temporaries
            // of its largest tensor.
            long transient = kept.Select(s => Math.Max(ActivationEstimate.HeadBackward(s), ActivationEstimate.PerLayer(s))).DefaultIfEmpty(0).Max();
            // bf16 weights multiplied in float32 are widened into one reused buffer, at most a slice's size.
            bool widens = request.Precision == Precision.Bf16 && !Bf16Products.InBf16;
            long widening = widens ? Bf16Linear.WideningBytes(Counts.LargestFrozenLinearWeight) : 0;
            long stepTensors = batch * (activations + recomputed + transient) * 4;
            var parts = new MemoryParts(
                // bf16 stores the frozen linear weights in 2 bytes; norms, biases, embeddings and convolutions stay float32.
                Weights: Counts.Frozen * 4 - Counts.FrozenLinearWeights * (4 - request.Precision.StorageBytes()),
                Trainable: Counts.Optimized * 4,
                Gradients: Counts.Optimized * 4,
                Optimizer: Counts.Optimized * 8,
                // Activations are float32 in both precisions.
                Activations: batch * (activations + recomputed) * 4,
                Workspace: ProcessBaseline + batch * transient * 4 + Counts.LargestOptimized * 4 + widening + (long)(HeapOverhead * stepTensors));
            var tokens = string.Join(", ", Stacks.GroupBy(s => s.Component).Select(g => $"{g.Key} {g.Last().Tokens}"));
            return new MemoryPlan(request, Architecture, Applied, tokens, Counts.Optimized, Counts.Frozen + Counts.Optimized, parts,
                StepFlops.Of(Stacks, Counts, keeps, request.BatchSize, request.GradientCheckpointing), deviceMemory, widens);
        }
    }

    /// <summary>
    /// The backward pass runs through a component when it or a component before it in the forward order has
    /// optimized parameters; components before the first such one run as inference and keep nothing.
    /// </summary>
    static Func<string, bool> KeptComponents(IReadOnlyList<LayerStack> stacks, ParameterCounts counts)
    {
        var order = stacks.Select(s => s.Component).Distinct().ToList();
        int first = order.FindIndex(c => counts.OptimizedByComponent.GetValueOrDefault(c) > 0);
        var kept = first < 0 ? new HashSet<string>() : order.Skip(first).ToHashSet();
        return kept.Contains;
    }
}
