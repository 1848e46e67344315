using System.CommandLine;
using MedPeft.Sweeps;
using MedPeft.Models;
using MedPeft.Runs;

namespace MedPeft.Cli;

/// <summary><c>medpeft sweep run</c>: trains the cells of a grid that are not trained yet, each in its own <c>medpeft train</c>, here or as Slurm array tasks.</summary>
internal static class SweepRunCommand
{
    public static Command Create()
    {
        var grid = new Argument<string>("grid") { Description = "The grid file (JSON; see the README's Sweeps section)." };
        var output = new Option<string>("--out") { Description = "The sweep folder: cells/<key>/ (cell.json, status.json, train.log, run/) and sweep.json.", Required = true };
        var launcher = new LauncherCliOptions();
        var command = new Command("run",
            "Train every cell of a grid that is not trained yet: a cell trained to its end is kept, a stopped one resumes from its\n" +
            "checkpoint, a new one starts; a changed grid adds its new cells. Each cell is a medpeft train of its run description\n" +
            "with the grid's threads. SIGTERM or Ctrl+C is forwarded to the running trainings (each writes its checkpoint); the\n" +
            "same command then continues. With --launcher slurm the cells are the tasks of a job array (sbatch), followed with\n" +
            "squeue; a cell whose task is pending or running is not submitted again.\n\n" +
            "Examples:\n  medpeft sweep run grid.json --out sweeps/study\n  medpeft sweep run grid.json --out sweeps/study --parallel 2\n" +
            "  medpeft sweep run grid.json --out /shared/sweeps/study --launcher slurm --partition cpu --time 4:00:00 --max-running 8")
        {
            grid, output,
        };
        launcher.AddTo(command);
        command.SetAction(parse =>
        {
            var writer = parse.InvocationConfiguration.Output;
            var sweepDirectory = parse.GetValue(output)!;
            var gridFile = parse.GetValue(grid)!;
            var sweep = GridFile.Read(gridFile);
            var launcherOf = launcher.Launcher(parse, writer, () => CellRuns(sweep), (launch, log) => CellTrainProcess.Run(launch, log, forwardSignals: true));
            BaseModelStep.EnsureBuilt(sweep.Model, writer);
            var cellLauncher = launcherOf(sweepDirectory);
            try
            {
                SweepRunner.Run(sweep, gridFile, sweepDirectory, cellLauncher, writer, StopSignals.Stoppable());
            }
            catch (OperationCanceledException e)
            {
                throw new OperationCanceledException($"{e.Message}: medpeft sweep run {gridFile} --out {sweepDirectory}", e, e.CancellationToken);
            }
            var cells = CellReport.Of(sweepDirectory);
            writer.WriteLine($"{cells.Count(c => c.State == CellState.Done)} of {cells.Count} cells done; medpeft sweep status {sweepDirectory} shows them, medpeft sweep collect {sweepDirectory} reports them");
            return cells.Any(c => c.State == CellState.Failed) ? ExitCodes.Failed : ExitCodes.Success;
        });
        return command;
    }

    /// <summary>The runs of a grid's cells with this machine's model folder, for their memory plan.</summary>
    public static IEnumerable<RunSpec> CellRuns(SweepGrid grid)
    {
        var model = ModelSource.Resolve(grid.Comparison.Model);
        return SweepCell.Of(grid).Select(cell => cell.Run with { Model = model });
    }
}
