using MedPeft.Experiments;
using MedPeft.Experiments.Reporting;
using MedPeft.IO;

namespace MedPeft.Sweeps;

/// <summary>
/// <c>sweep collect</c>: the comparison report of a sweep's grid from its trained cells — each method row's seeds
/// averaged with their intervals, next to the zero-shot and majority rows — written as <c>compare</c> writes it
/// (results.md, results.csv, results.json, plots, report.html). Each cell is evaluated on the test split (and the
/// grid's further test sets) into its run folder's <c>test/</c>; a cell not trained is left out of its row, with a note.
/// </summary>
internal static class SweepCollector
{
    /// <param name="grid">The sweep's grid (<see cref="SweepRecord.Read"/>); its model must be available (<c>medpeft-base</c> built).</param>
    public static (ComparisonResult Result, Verdict Verdict) Collect(SweepGrid grid, string sweepDirectory, string outDirectory, TextWriter log)
    {
        var cells = SweepCell.Of(grid);
        var missing = cells.Count(c => !CellFolder.Of(sweepDirectory, c.Key).IsDone);
        if (missing == cells.Count) throw new MedPeftException($"{sweepDirectory}: none of the grid's {cells.Count} cells is trained yet; run sweep run first (sweep status shows the cells).");
        if (missing > 0) log.WriteLine($"{missing} of the grid's {cells.Count} cells are not trained: their rows average the seeds that are");
        ComparisonResult? result = null;
        Verdict? verdict = null;
        AtomicDirectory.Create(outDirectory, work =>
        {
            result = new ComparisonRunner(grid.Comparison, log, new SweepCellRuns(Path.GetFullPath(sweepDirectory), cells)).Run(work)!;
            verdict = ComparisonReport.Write(result, work);
        }, "the sweep's report");
        return (result!, verdict!);
    }
}
