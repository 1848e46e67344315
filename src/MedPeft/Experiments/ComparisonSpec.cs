using System.Globalization;
using MedPeft.Data.BuiltIn.Real;
using MedPeft.Data.BuiltIn.Synthetic;
using MedPeft.Data.Datasets;
using MedPeft.Models.BuiltIn;
using MedPeft.Nn;
using MedPeft.Peft;
using MedPeft.Runs;

namespace MedPeft.Experiments;

/// <summary>
/// What <c>medpeft compare</c> runs: a model (default the built-in base model), a dataset (default the
/// built-in one), a task, the methods, a budget and a seed; <paramref name="Steps"/>, when given,
/// replaces the budget's optimizer steps per method (for quick checks).
/// </summary>
/// <param name="Seed">The first seed: it also seeds the data (a validation split cut where a set ships none).</param>
/// <param name="Seeds">Every seed each method trains with (null: <paramref name="Seed"/> alone).</param>
/// <param name="EvalOn">Further test sets every method and the zero-shot model are scored on without training on them (null: none).</param>
/// <param name="LearningRates">Peak learning rates a method trains with in place of its usual one, by the method as
/// <paramref name="Methods"/> names it; a method with several gets a row for each (null: every method its usual one).</param>
/// <param name="GradientCheckpointing">Every run recomputes its blocks' activations in the backward pass (<see cref="Training.TrainingOptions.GradientCheckpointing"/>).</param>
/// <param name="Precision">How every run, and every evaluation, stores the model's weights (<see cref="Training.TrainingOptions.Precision"/>).</param>
internal sealed record ComparisonSpec(string Model, string? Data, string? Format, DatasetTask Task, IReadOnlyList<string> Methods,
    ComparisonBudget Budget, int Seed, string Device = "cpu", long? Steps = null, IReadOnlyList<int>? Seeds = null, IReadOnlyList<TestSet>? EvalOn = null,
    IReadOnlyDictionary<string, IReadOnlyList<double>>? LearningRates = null,
    bool GradientCheckpointing = false, Precision Precision = Precision.Fp32)
{
    /// <summary>The seeds every method trains with, the first one <see cref="Seed"/>.</summary>
    public IReadOnlyList<int> RunSeeds => Seeds ?? [Seed];

    /// <summary>The formats that need no <see cref="Data"/> folder: the shipped real set and the synthetic one built on first use.</summary>
    public static readonly IReadOnlyList<string> BuiltInFormats = [RealDatasetBuilder.Name, SyntheticDatasetBuilder.Name];

    public static readonly IReadOnlyList<string> DefaultMethods = new[] { "full", "lora", "ln", "ffn", "attn", "prefix" };

    /// <summary>
    /// The budget every method trains with: <see cref="Budget"/>, or with <see cref="Steps"/> given, that
    /// many steps, validation every min(the budget's interval, <see cref="Steps"/>) steps and the checkpoint at the end.
    /// </summary>
    public ComparisonBudget TrainingBudget => Steps is { } steps ? Budget with { Steps = steps, EvalEvery = Math.Min(Budget.EvalEvery, steps) } : Budget;

    /// <summary>
    /// The method rows, in the order of <see cref="Methods"/>: one per method with its usual learning rate, or one per
    /// learning rate <see cref="LearningRates"/> gives it (named <c>method (lr 0.001)</c> when it gives several).
    /// </summary>
    public IReadOnlyList<ComparisonMethod> Rows => Methods.SelectMany(method =>
        LearningRates?.GetValueOrDefault(method) is { Count: > 0 } rates
            ? rates.Select(rate => new ComparisonMethod(rates.Count == 1 ? method : $"{method} (lr {rate.ToString("R", CultureInfo.InvariantCulture)})", method, rate))
            : [new ComparisonMethod(method, method, TrainingBudget.LearningRateFor(PeftPlan.Parse(method)))]).ToList();

    /// <summary>The run description of a method row with one seed, on the model and data given (as the caller names them).</summary>
    public RunSpec RunOf(ComparisonMethod row, int seed, string model, string data, string format)
    {
        var plan = PeftPlan.Parse(row.Method);
        return new RunSpec(model, data, format, Task, plan.ToString(), null, new PeftOptions(), TrainingBudget.TrainingFor(plan, seed) with { LearningRate = row.LearningRate, GradientCheckpointing = GradientCheckpointing, Precision = Precision }, Device: Device);
    }

    /// <summary>Checks what can be checked before any work: method names, steps, the model folder, the data options.</summary>
    public ComparisonSpec Validated()
    {
        Require(Methods.Count > 0, nameof(Methods), "is empty; name at least one method");
        foreach (var method in Methods) PeftPlan.Parse(method);
        var duplicate = Methods.GroupBy(m => m).FirstOrDefault(g => g.Count() > 1);
        Require(duplicate is null, nameof(Methods), $"names '{duplicate?.Key}' twice");
        Require(Steps is null or >= 1, nameof(Steps), $"is {Steps}; expected a number of optimizer steps per method of at least 1");
        Require(RunSeeds.Count >= 1 && RunSeeds[0] == Seed, nameof(Seeds), $"must start with the seed {Seed}");
        Require(RunSeeds.Distinct().Count() == RunSeeds.Count, nameof(Seeds), $"names a seed twice ({string.Join(", ", RunSeeds)})");
        Require(Model == BaseModel.Name || Directory.Exists(Model), nameof(Model),
            $"'{Model}' is no such folder; expected a model folder (config.json, weights and tokenizer files) or {BaseModel.Name}");
        Require(Data is null || Format is not null, nameof(Data),
            $"'{Data}' needs {Name(nameof(Format))}, the dataset's format: one of {string.Join(", ", DatasetFormats.Names)}");
        Require(Format is null || Data is not null || BuiltInFormats.Contains(Format), nameof(Format),
            $"'{Format}' needs {Name(nameof(Data))}, the dataset folder (only {string.Join(" and ", BuiltInFormats)} can go without it; give neither for the shipped builtin-real)");
        if (Format is not null) DatasetFormats.Get(Format);
        Require(Data is null || Directory.Exists(Data), nameof(Data), $"'{Data}' is no such folder; expected the dataset folder");
        foreach (var set in EvalOn ?? [])
        {
            DatasetFormats.Get(set.Format);
            Require(Directory.Exists(set.Data), nameof(EvalOn), $"'{set.Format}:{set.Data}': {set.Data} is no such folder; expected a dataset folder with a test split");
        }
        var twice = (EvalOn ?? []).GroupBy(s => s.Name).FirstOrDefault(g => g.Count() > 1);
        Require(twice is null, nameof(EvalOn), $"names two test sets '{twice?.Key}'; their folders need different names, which name their columns");
        return this;
    }

    /// <summary>The name of a property as a setting, <c>ComparisonSpec.Property</c>.</summary>
    public static string Name(string property) => Setting.Name<ComparisonSpec>(property);

    static void Require(bool condition, string property, string problem) => Setting.Require(condition, Name(property), problem);
}
