using MedPeft.Experiments;
using MedPeft.Runs;

namespace MedPeft.Sweeps;

/// <summary>
/// A sweep's cells as a comparison's trained runs, for <c>sweep collect</c>: each row and seed is the cell of the grid
/// with that row and seed, taken when it is trained to its end with the very run description the comparison gives it.
/// </summary>
internal sealed class SweepCellRuns(string sweepDirectory, IReadOnlyList<SweepCell> cells) : IRunTraining
{
    public TrainedRun Train(ComparisonMethod row, int seed, RunSpec run)
    {
        var folder = CellFolder.Of(sweepDirectory, cells.Single(c => c.Row == row && c.Seed == seed).Key);
        if (!folder.IsDone)
            return new TrainedRun(folder.RunDirectory, $"cell {folder.Key} is not trained ({(CellStatus.Load(folder.Path)?.State ?? CellState.Pending).ToString().ToLowerInvariant()}; sweep status tells why)");
        if (RunSpec.Load(folder.RunDirectory).ToJson() != run.ToJson())
            return new TrainedRun(folder.RunDirectory, $"cell {folder.Key} was trained with other folders or settings than the grid gives it here ({RunSpec.FileName} differs)");
        return new TrainedRun(folder.RunDirectory, null);
    }

    public string TestFolders(ComparisonMethod row) =>
        string.Join(", ", cells.Where(c => c.Row == row).Select(c => Path.Combine(CellFolder.Of(sweepDirectory, c.Key).RunDirectory, ComparisonFolders.Test)));
}
