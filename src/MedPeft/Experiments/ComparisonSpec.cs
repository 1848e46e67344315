using MedPeft.Data.Datasets;
using MedPeft.Peft;

namespace MedPeft.Experiments;

/// <summary>
/// What <c>medpeft compare</c> runs: a model (default the built-in base model), a dataset (default the
/// built-in one), a task, the methods, a budget and a seed.
/// </summary>
public sealed record ComparisonSpec(string Model, string? Data, string? Format, DatasetTask Task, IReadOnlyList<string> Methods,
    ComparisonBudget Budget, int Seed, string Device = "cpu")
{
    public static readonly IReadOnlyList<string> DefaultMethods = new[] { "full", "lora", "ln", "ffn", "attn", "prefix" };

    /// <summary>Checks what can be checked before any work: method names, the data options.</summary>
    public ComparisonSpec Validated()
    {
        if (Methods.Count == 0) throw new MedPeftException("--methods is empty; name at least one method.");
        foreach (var method in Methods) PeftPlan.Parse(method);
        var duplicate = Methods.GroupBy(m => m).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null) throw new MedPeftException($"--methods names '{duplicate.Key}' twice.");
        if ((Data is null) != (Format is null)) throw new MedPeftException("--data and --format go together: give both, or neither for the built-in data.");
        return this;
    }
}
