using MedPeft.Nn;
using MedPeft.Peft;
using TorchSharp;
using TorchSharp.Modules;

namespace MedPeft.Planning;

/// <summary>
/// What a PEFT plan trains, counted exactly on the model's structure on the meta device (no memory):
/// parameters frozen, optimized and their largest tensor, and the linear weights each component multiplies with.
/// </summary>
/// <param name="Frozen">Parameters no optimizer updates (frozen, and trainable ones that never get a gradient).</param>
/// <param name="Optimized">Parameters AdamW updates: each has a float32 gradient and two float32 moments.</param>
/// <param name="LargestOptimized">Elements of the largest optimized tensor (AdamW's temporaries are its size).</param>
/// <param name="OptimizedByComponent">Optimized parameters per component name.</param>
/// <param name="LinearWeights">Elements of linear-layer weights per component (what a token is multiplied with).</param>
/// <param name="TrainableLinearWeights">Of those, the trainable ones (they need weight gradients).</param>
/// <param name="FrozenLinearWeights">Of <paramref name="Frozen"/>, the linear layers' weights (not shared with an embedding):
/// what <see cref="Nn.Precision.Bf16"/> stores in bfloat16.</param>
/// <param name="LargestFrozenLinearWeight">Elements of the largest of those (what a product widens to float32 at once, up to a slice).</param>
internal sealed record ParameterCounts(long Frozen, long Optimized, long LargestOptimized, IReadOnlyDictionary<string, long> OptimizedByComponent,
    IReadOnlyDictionary<string, long> LinearWeights, IReadOnlyDictionary<string, long> TrainableLinearWeights, long FrozenLinearWeights,
    long LargestFrozenLinearWeight)
{
    /// <summary>Counts the parameters of <paramref name="peft"/>'s model (a tied tensor once).</summary>
    public static ParameterCounts Of(PeftModel peft)
    {
        var optimized = peft.Optimized.Select(p => (p.Name, Count: p.Parameter.numel())).ToList();
        long total = peft.Model.Module.parameters().Sum(p => p.numel());
        var components = peft.Model.Components;
        var linears = peft.Model.Module.named_modules()
            .Select(m => (m.name, Weight: m.module switch { AdaptableLinear a => a.weight, Linear l => l.weight, _ => null }))
            .Where(m => m.Weight is not null).ToList();
        // A module belongs to a component when its name starts with the component's prefix (which ends in a dot, or is empty).
        Dictionary<string, long> Sum<T>(IEnumerable<T> items, Func<T, string> name, Func<T, long> count) =>
            components.ToDictionary(c => c.Name, c => items.Where(i => (name(i) + ".").StartsWith(c.Prefix, StringComparison.Ordinal)).Sum(count));
        long optimizedTotal = optimized.Sum(p => p.Count);
        // A head tied to its embedding is the embedding's float32 weight.
        var embeddings = peft.Model.Module.modules().OfType<Embedding>().Select(e => e.weight).ToHashSet(ReferenceEqualityComparer.Instance);
        var frozenLinear = peft.Model.Module.modules().OfType<AdaptableLinear>().Select(l => l.weight)
            .Where(w => !w.requires_grad && !embeddings.Contains(w)).Distinct(ReferenceEqualityComparer.Instance).Cast<Parameter>().Select(w => w.numel()).ToList();
        return new ParameterCounts(total - optimizedTotal, optimizedTotal, optimized.Select(p => p.Count).DefaultIfEmpty(0).Max(),
            Sum(optimized, p => p.Name, p => p.Count),
            Sum(linears, m => m.name, m => m.Weight!.numel()),
            Sum(linears.Where(m => m.Weight!.requires_grad), m => m.name, m => m.Weight!.numel()), frozenLinear.Sum(), frozenLinear.DefaultIfEmpty(0).Max());
    }
}
