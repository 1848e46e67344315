using MedPeft.Data.Datasets;
using MedPeft.Experiments;
using MedPeft.Nn;

namespace MedPeft.Sweeps;

/// <summary>
/// A sweep's grid as its file states it (<see cref="GridFile"/>): a model, a dataset, a task, the methods, the seeds and
/// the budget, with learning rates per method; every method × learning rate × seed is one cell. Folders are kept as
/// written (the cells' keys depend on them, not on where the grid lies); <see cref="Comparison"/> resolves them.
/// </summary>
/// <param name="Folder">The grid file's folder, against which relative folders resolve.</param>
/// <param name="Data">The dataset folder as written; null for a built-in set without one.</param>
/// <param name="Steps">Optimizer steps per cell in place of the budget's.</param>
/// <param name="LearningRates">Peak learning rates by method (as <paramref name="Methods"/> names it); a method not in it trains with its usual one.</param>
/// <param name="Precision">How every cell stores the model's weights (<see cref="Training.TrainingOptions.Precision"/>).</param>
/// <param name="Threads">Threads every cell's process computes with, so that a cell gives the same numbers wherever it runs.</param>
/// <param name="EvalOn">Further test sets (format, folder as written); none: those <c>compare</c> scores by default.</param>
/// <param name="GradientCheckpointing">Every cell recomputes its blocks' activations in the backward pass (<see cref="Training.TrainingOptions.GradientCheckpointing"/>).</param>
/// <param name="Device">The device every cell trains and is evaluated on (<c>cpu</c>, <c>cuda</c>, <c>cuda:N</c>), as written.</param>
internal sealed record SweepGrid(string Folder, string Model, string Format, string? Data, DatasetTask Task, IReadOnlyList<string> Methods,
    IReadOnlyList<int> Seeds, ComparisonBudget Budget, long? Steps, IReadOnlyDictionary<string, IReadOnlyList<double>> LearningRates,
    Precision Precision, int Threads, IReadOnlyList<(string Format, string Dir)> EvalOn, bool GradientCheckpointing = false, string Device = "cpu")
{
    /// <summary>The grid as a comparison, with its folders resolved against <see cref="Folder"/>: its rows are the grid's methods × learning rates.</summary>
    public ComparisonSpec Comparison => new(Model == Models.BuiltIn.BaseModel.Name ? Model : Resolve(Model), Data is null ? null : Resolve(Data), Format, Task, Methods,
        Budget, Seeds[0], Steps: Steps, Seeds: Seeds,
        EvalOn: EvalOn.Count == 0 ? null : EvalOn.Select(set => TestSet.Of(set.Format, Resolve(set.Dir))).ToList(), LearningRates: LearningRates,
        GradientCheckpointing: GradientCheckpointing, Precision: Precision, Device: Device);

    /// <summary>A folder of the grid resolved against the grid file's folder.</summary>
    public string Resolve(string folder) => Path.GetFullPath(folder, Folder);
}
