using MedPeft.Experiments;
using MedPeft.IO;
using MedPeft.Models;

namespace MedPeft.Sweeps;

/// <summary>
/// <c>sweep run</c>: puts every cell of a grid in its folder of the sweep folder and has a launcher train those not
/// trained yet. It is idempotent: a cell trained to its end (its run folder holds the training summary) is kept as it
/// is, a started one is resumed from its last checkpoint, a new one is started; a changed grid adds its new cells and
/// leaves the others alone. One sweep run at a time works in a sweep folder (it holds the lock of its <c>cells</c> folder).
/// </summary>
internal static class SweepRunner
{
    /// <summary>Runs the grid of <paramref name="gridFile"/> (read as <paramref name="grid"/>) in <paramref name="sweepDirectory"/>; returns its cells.</summary>
    /// <remarks>The model must be available: <c>medpeft-base</c> built (the command line builds it first).</remarks>
    public static IReadOnlyList<SweepCell> Run(SweepGrid grid, string gridFile, string sweepDirectory, ICellLauncher launcher, TextWriter log, CancellationToken stop)
    {
        var cellsFolder = Path.Combine(sweepDirectory, CellFolder.CellsFolder);
        using var held = FolderLock.TryTake(cellsFolder)
            ?? throw new MedPeftException($"{sweepDirectory}: another sweep run works in this folder now; wait for it to end (sweep status shows its cells).");
        Directory.CreateDirectory(cellsFolder);
        SweepRecord.Write(sweepDirectory, gridFile);
        var comparison = grid.Comparison;
        var modelFolder = ModelSource.Resolve(comparison.Model);
        var (data, _, _) = ComparisonData.Resolve(comparison, modelFolder, log);
        var cells = SweepCell.Of(grid);
        var launches = new List<CellLaunch>();
        int done = 0;
        foreach (var cell in cells)
        {
            var folder = CellFolder.Of(sweepDirectory, cell.Key);
            Directory.CreateDirectory(folder.Path);
            folder.Describe(cell);
            // What the cell's train reads: the run description with this machine's model and data folders.
            var run = cell.Run with { Model = modelFolder, Data = data };
            var progress = RunProgressOf.Folder(folder.RunDirectory, run);
            if (progress == RunProgress.Trained)
            {
                if (CellStatus.Load(folder.Path)?.State != CellState.Done) new CellStatus(CellState.Done, null, 0, folder.Log).Save(folder.Path);
                done++;
                continue;
            }
            if (progress == RunProgress.New)
            {
                Directory.CreateDirectory(folder.RunDirectory);
                run.Save(folder.RunDirectory);
            }
            if (CellStatus.Load(folder.Path) is null) new CellStatus(CellState.Pending, null, null, folder.Log).Save(folder.Path);
            launches.Add(new CellLaunch(cell, folder, Resume: progress == RunProgress.Started));
        }
        log.WriteLine($"{cells.Count} cells: {done} trained before, {launches.Count(l => !l.Resume)} to start, {launches.Count(l => l.Resume)} to resume");
        launcher.Launch(launches, stop);
        return cells;
    }
}
