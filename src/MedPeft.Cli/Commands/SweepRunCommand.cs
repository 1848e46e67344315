using System.CommandLine;
using MedPeft.Sweeps;
using MedPeft.Cli.Slurm;

namespace MedPeft.Cli;

/// <summary><c>medpeft sweep run</c>: trains the cells of a grid that are not trained yet, each in its own <c>medpeft train</c>, here or as Slurm array tasks.</summary>
internal static class SweepRunCommand
{
    const string Local = "local", Slurm = "slurm";

    /// <summary>How often squeue is asked while an array runs.</summary>
    static readonly TimeSpan SlurmPoll = TimeSpan.FromSeconds(2);

    public static Command Create()
    {
        var grid = new Argument<string>("grid") { Description = "The grid file (JSON; see the README's Sweeps section)." };
        var output = new Option<string>("--out") { Description = "The sweep folder: cells/<key>/ (cell.json, status.json, train.log, run/) and sweep.json.", Required = true };
        var launcher = new Option<string>("--launcher") { Description = "Where the cells run: local (child processes of this one) or slurm (a Slurm job array).", DefaultValueFactory = _ => Local };
        var parallel = new Option<int?>("--parallel", "--max-running")
        {
            HelpName = "N",
            Description = "Cells trained at once: local, at most the number of cores (default 1); slurm, the array's throttle (default: no limit).",
        };
        var slurm = new SlurmCliOptions();
        var command = new Command("run",
            "Train every cell of a grid that is not trained yet: a cell trained to its end is kept, a stopped one resumes from its\n" +
            "checkpoint, a new one starts; a changed grid adds its new cells. Each cell is a medpeft train of its run description\n" +
            "with the grid's threads. SIGTERM or Ctrl+C is forwarded to the running trainings (each writes its checkpoint); the\n" +
            "same command then continues. With --launcher slurm the cells are the tasks of a job array (sbatch), followed with\n" +
            "squeue; a cell whose task is pending or running is not submitted again.\n\n" +
            "Examples:\n  medpeft sweep run grid.json --out sweeps/study\n  medpeft sweep run grid.json --out sweeps/study --parallel 2\n" +
            "  medpeft sweep run grid.json --out /shared/sweeps/study --launcher slurm --partition cpu --time 4:00:00 --max-running 8")
        {
            grid, output, launcher, parallel,
        };
        slurm.AddTo(command);
        command.SetAction(parse =>
        {
            var writer = parse.InvocationConfiguration.Output;
            var chosen = parse.GetValue(launcher)!;
            if (chosen != Local && chosen != Slurm) throw new MedPeftException($"--launcher '{chosen}': expected {Local} or {Slurm}.");
            var count = parse.GetValue(parallel);
            var sweepDirectory = parse.GetValue(output)!;
            ICellLauncher cellLauncher;
            if (chosen == Local)
            {
                slurm.RefuseWithout(parse, $"--launcher {Slurm}");
                int cores = Environment.ProcessorCount, running = count ?? 1;
                if (running < 1 || running > cores) throw new MedPeftException($"--parallel {running}: expected 1 to {cores}, the number of cores of this machine.");
                cellLauncher = new LocalLauncher(running, (launch, log) => CellTrainProcess.Run(launch, log, forwardSignals: true), writer);
            }
            else
            {
                if (count < 1) throw new MedPeftException($"--parallel {count}: expected at least 1 (the cells of the array that run at once).");
                cellLauncher = new SlurmLauncher(sweepDirectory, slurm.Options(parse, count), ToolProcess.CommandLine([]), writer, SlurmPoll);
            }
            var gridFile = parse.GetValue(grid)!;
            var sweep = GridFile.Read(gridFile);
            BaseModelStep.EnsureBuilt(sweep.Model, writer);
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
}
