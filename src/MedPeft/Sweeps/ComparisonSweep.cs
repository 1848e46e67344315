using MedPeft.Experiments;
using MedPeft.Experiments.Reporting;

namespace MedPeft.Sweeps;

/// <summary>
/// <c>compare</c> through the sweep engine: the comparison's grid (<see cref="ComparisonGrid"/>) runs as a sweep in
/// <c>sweep/</c> of the comparison's in-progress folder, <c>&lt;out&gt;.in-progress</c>, its cells trained by the launcher
/// given; then the comparison evaluates the trained cells (each linked at <c>runs/&lt;method&gt;</c>), writes its report
/// there and the folder is renamed to <c>&lt;out&gt;</c>. Stopped, failed or left to a launcher that does not wait, the
/// in-progress folder stays where it is, and the same comparison again continues it: trained cells are kept, stopped
/// ones resume from their checkpoints, cells still queued are not submitted again.
/// </summary>
internal static class ComparisonSweep
{
    public const string InProgressSuffix = ".in-progress", SweepFolder = "sweep";

    /// <summary>The in-progress folder of the comparison whose results go to <paramref name="outDirectory"/>.</summary>
    public static string InProgress(string outDirectory) => Path.TrimEndingDirectorySeparator(Path.GetFullPath(outDirectory)) + InProgressSuffix;

    /// <summary>
    /// Runs the comparison into <paramref name="outDirectory"/> (which must be absent or empty); returns its result and
    /// verdict, or null when its launcher left cells training (<paramref name="launcherWaits"/> false) and the report waits for them.
    /// </summary>
    /// <param name="launcher">The launcher of the cells, given the sweep folder.</param>
    public static (ComparisonResult Result, Verdict Verdict)? Run(ComparisonSpec spec, int threads, string outDirectory,
        Func<string, ICellLauncher> launcher, bool launcherWaits, TextWriter log, CancellationToken stop)
    {
        var work = InProgress(outDirectory);
        var sweep = Path.Combine(work, SweepFolder);
        Directory.CreateDirectory(sweep);
        var gridFile = ComparisonGrid.Write(spec, threads, sweep);
        var grid = GridFile.Read(gridFile);
        var cells = SweepCell.Of(grid);
        // The links of an earlier, stopped run of the comparison go (a link, not what it points to): this run links its own cells.
        var runs = Path.Combine(work, ComparisonFolders.Runs);
        if (Directory.Exists(runs)) Directory.Delete(runs, recursive: true);
        var result = new ComparisonRunner(spec, log, new SweepCellRuns(sweep, cells, work)).Run(work, () =>
        {
            log.WriteLine();
            log.WriteLine($"== training: the methods as the cells of the sweep in {sweep}, {threads} thread{(threads == 1 ? "" : "s")} each");
            try
            {
                SweepRunner.Run(grid, gridFile, sweep, launcher(sweep), log, stop);
            }
            catch (OperationCanceledException e)
            {
                throw new OperationCanceledException("the comparison stopped on request while its methods trained; their cells keep their checkpoints", e, stop);
            }
            bool trained = launcherWaits || cells.All(c => CellFolder.Of(sweep, c.Key).IsDone);
            if (trained)
            {
                log.WriteLine();
                log.WriteLine("== evaluation: every method's run, the zero-shot model and the majority baseline on the test split" + (spec.EvalOn is { Count: > 0 } ? " and the further test sets" : ""));
            }
            return trained;
        });
        if (result is null) return null;
        var verdict = ComparisonReport.Write(result, work);
        var full = Path.GetFullPath(outDirectory);
        if (Directory.Exists(full)) Directory.Delete(full);
        Directory.Move(work, full);
        return (result, verdict);
    }
}
