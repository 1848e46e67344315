using MedPeft.Data.BuiltIn.Real;
using MedPeft.Data.BuiltIn.Synthetic;
using MedPeft.Data.Datasets;
using MedPeft.Models.BuiltIn;
using MedPeft.Peft;

namespace MedPeft.Experiments;

/// <summary>
/// What <c>medpeft compare</c> runs: a model (default the built-in base model), a dataset (default the
/// built-in one), a task, the methods, a budget and a seed; <paramref name="Steps"/>, when given,
/// replaces the budget's optimizer steps per method (for quick checks).
/// </summary>
public sealed record ComparisonSpec(string Model, string? Data, string? Format, DatasetTask Task, IReadOnlyList<string> Methods,
    ComparisonBudget Budget, int Seed, string Device = "cpu", long? Steps = null)
{
    /// <summary>The formats that need no <see cref="Data"/> folder: the shipped real set and the synthetic one built on first use.</summary>
    public static readonly IReadOnlyList<string> BuiltInFormats = [RealDatasetBuilder.Name, SyntheticDatasetBuilder.Name];

    public static readonly IReadOnlyList<string> DefaultMethods = new[] { "full", "lora", "ln", "ffn", "attn", "prefix" };

    /// <summary>
    /// The budget every method trains with: <see cref="Budget"/>, or with <see cref="Steps"/> given, that
    /// many steps, validation every min(the budget's interval, <see cref="Steps"/>) steps and the checkpoint at the end.
    /// </summary>
    public ComparisonBudget TrainingBudget => Steps is { } steps ? Budget with { Steps = steps, EvalEvery = Math.Min(Budget.EvalEvery, steps) } : Budget;

    /// <summary>Checks what can be checked before any work: method names, steps, the model folder, the data options.</summary>
    public ComparisonSpec Validated()
    {
        if (Methods.Count == 0) throw new MedPeftException("--methods is empty; name at least one method.");
        foreach (var method in Methods) PeftPlan.Parse(method);
        var duplicate = Methods.GroupBy(m => m).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null) throw new MedPeftException($"--methods names '{duplicate.Key}' twice.");
        if (Steps is < 1) throw new MedPeftException($"--steps {Steps}: expected a number of optimizer steps per method of at least 1.");
        if (Model != BaseModel.Name && !Directory.Exists(Model))
            throw new MedPeftException($"--model '{Model}': no such folder; expected a model folder (config.json, weights and tokenizer files) or {BaseModel.Name}.");
        if (Data is not null && Format is null)
            throw new MedPeftException($"--data '{Data}' needs --format, the dataset's format: one of {string.Join(", ", DatasetFormats.Names)}.");
        if (Format is not null && Data is null && !BuiltInFormats.Contains(Format))
            throw new MedPeftException($"--format '{Format}' needs --data, the dataset folder (only {string.Join(" and ", BuiltInFormats)} can go without it; give neither for the shipped builtin-real).");
        if (Format is not null) DatasetFormats.Get(Format);
        if (Data is not null && !Directory.Exists(Data)) throw new MedPeftException($"--data '{Data}': no such folder; expected the dataset folder.");
        return this;
    }
}
