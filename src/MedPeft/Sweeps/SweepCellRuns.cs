using MedPeft.Experiments;
using MedPeft.Runs;

namespace MedPeft.Sweeps;

/// <summary>
/// A sweep's cells as a comparison's trained runs (for <c>sweep collect</c>, and for <c>compare</c>, whose methods train as
/// a sweep's cells): each row and seed is the cell of the grid with that row and seed, taken when it is trained to its
/// end with the very run description the comparison gives it (its model and data folders compared as full paths).
/// </summary>
/// <param name="comparisonDirectory">When given (<c>compare</c>), each trained cell's run folder is linked in it where a
/// comparison keeps its runs, <c>runs/&lt;row&gt;</c> (<c>runs/&lt;row&gt;/seed-&lt;s&gt;</c> with several seeds), by a
/// relative symbolic link, and evaluated through that link; null: the cells' run folders are named as they are.</param>
internal sealed class SweepCellRuns(string sweepDirectory, IReadOnlyList<SweepCell> cells, string? comparisonDirectory = null) : IRunTraining
{
    readonly bool severalSeeds = cells.Select(c => c.Seed).Distinct().Count() > 1;

    public TrainedRun Train(ComparisonMethod row, int seed, RunSpec run)
    {
        var folder = CellFolder.Of(sweepDirectory, cells.Single(c => c.Row == row && c.Seed == seed).Key);
        if (!folder.IsDone)
            return new TrainedRun(folder.RunDirectory, $"cell {folder.Key} is not trained ({(CellStatus.Load(folder.Path)?.State ?? CellState.Pending).ToString().ToLowerInvariant()}; sweep status tells why)");
        if (Folders(RunSpec.Load(folder.RunDirectory)).ToJson() != Folders(run).ToJson())
            return new TrainedRun(folder.RunDirectory, $"cell {folder.Key} was trained with other folders or settings than the grid gives it here ({RunSpec.FileName} differs)");
        return new TrainedRun(comparisonDirectory is null ? folder.RunDirectory : Link(row, seed, folder), null);
    }

    public string TestFolders(ComparisonMethod row) => comparisonDirectory is null
        ? string.Join(", ", cells.Where(c => c.Row == row).Select(c => Path.Combine(CellFolder.Of(sweepDirectory, c.Key).RunDirectory, ComparisonFolders.Test)))
        : $"{ComparisonFolders.Runs}/{ComparisonFolders.Safe(row.Name)}/{(severalSeeds ? "seed-*/" : "")}{ComparisonFolders.Test}";

    /// <summary>The run with its model and data folders as full paths: the run a cell trains, whichever way the folders were written.</summary>
    static RunSpec Folders(RunSpec run) => run with { Model = Path.GetFullPath(run.Model), Data = Path.GetFullPath(run.Data) };

    /// <summary>Links the cell's run folder at the row's place in the comparison folder (replacing an earlier link) and returns that place.</summary>
    string Link(ComparisonMethod row, int seed, CellFolder folder)
    {
        var place = ComparisonFolders.RunDirectory(comparisonDirectory!, row.Name, severalSeeds ? seed : null);
        Directory.CreateDirectory(Path.GetDirectoryName(place)!);
        if (new FileInfo(place).LinkTarget is not null) File.Delete(place);
        // Relative, so that the link holds when the comparison's folder is renamed into place.
        Directory.CreateSymbolicLink(place, Path.GetRelativePath(Path.GetDirectoryName(place)!, folder.RunDirectory));
        return place;
    }
}
