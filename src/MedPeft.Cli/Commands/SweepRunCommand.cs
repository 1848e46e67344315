using System.CommandLine;
using System.Globalization;
using MedPeft.Sweeps;

namespace MedPeft.Cli;

/// <summary><c>medpeft sweep run</c>: trains the cells of a grid that are not trained yet, each in its own <c>medpeft train</c>.</summary>
internal static class SweepRunCommand
{
    const string Local = "local", Slurm = "slurm";

    public static Command Create()
    {
        var grid = new Argument<string>("grid") { Description = "The grid file (JSON; see the README's Sweeps section)." };
        var output = new Option<string>("--out") { Description = "The sweep folder: cells/<key>/ (cell.json, status.json, train.log, run/) and sweep.json.", Required = true };
        var launcher = new Option<string>("--launcher") { Description = "Where the cells run: local (child processes of this one).", DefaultValueFactory = _ => Local };
        var parallel = new Option<int>("--parallel") { HelpName = "N", Description = "Cells trained at once by the local launcher (at most the number of cores).", DefaultValueFactory = _ => 1 };
        var command = new Command("run",
            "Train every cell of a grid that is not trained yet: a cell trained to its end is kept, a stopped one resumes from its\n" +
            "checkpoint, a new one starts; a changed grid adds its new cells. Each cell is a medpeft train of its run description\n" +
            "with the grid's threads. SIGTERM or Ctrl+C is forwarded to the running trainings (each writes its checkpoint); the\n" +
            "same command then continues.\n\n" +
            "Examples:\n  medpeft sweep run grid.json --out sweeps/study\n  medpeft sweep run grid.json --out sweeps/study --parallel 2")
        {
            grid, output, launcher, parallel,
        };
        command.SetAction(parse =>
        {
            var writer = parse.InvocationConfiguration.Output;
            var chosen = parse.GetValue(launcher)!;
            if (chosen == Slurm) throw new MedPeftException($"--launcher {Slurm} is not available yet; expected {Local}.");
            if (chosen != Local) throw new MedPeftException($"--launcher '{chosen}': expected {Local}.");
            int cores = Environment.ProcessorCount, count = parse.GetValue(parallel);
            if (count < 1 || count > cores) throw new MedPeftException($"--parallel {count}: expected 1 to {cores}, the number of cores of this machine.");
            var gridFile = parse.GetValue(grid)!;
            var sweep = GridFile.Read(gridFile);
            var sweepDirectory = parse.GetValue(output)!;
            BaseModelStep.EnsureBuilt(sweep.Model, writer);
            var local = new LocalLauncher(count, (launch, log) => ToolProcess.Run(TrainCommand.Arguments(launch.Folder.RunDirectory, launch.Resume), log, prefix: "",
                environment: Threads(launch.Cell.Threads)), writer);
            try
            {
                SweepRunner.Run(sweep, gridFile, sweepDirectory, local, writer, StopSignals.Stoppable());
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

    /// <summary>The environment that has a cell's LibTorch (OpenMP and MKL) compute with <paramref name="threads"/> threads.</summary>
    static IReadOnlyDictionary<string, string> Threads(int threads)
    {
        var text = threads.ToString(CultureInfo.InvariantCulture);
        return new Dictionary<string, string> { ["OMP_NUM_THREADS"] = text, ["MKL_NUM_THREADS"] = text };
    }
}
