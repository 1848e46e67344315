using System.CommandLine;
using MedPeft.Runs;
using MedPeft.Sweeps;

namespace MedPeft.Cli;

/// <summary>
/// <c>medpeft sweep train-cell</c>: trains one cell of a sweep folder, as a Slurm array task does: the cell's training
/// under its lock, keeping its status file, started or (when its run folder holds more than its run description)
/// continued from its checkpoint.
/// </summary>
internal static class SweepTrainCellCommand
{
    public static Command Create()
    {
        var folder = new Argument<string>("dir") { Description = "The sweep folder (sweep run's --out)." };
        var key = new Argument<string>("key") { Description = "The cell's key (its folder's name in <dir>/cells)." };
        var command = new Command("train-cell",
            "Train one cell of a sweep folder that sweep run prepared (what each task of a Slurm array runs): started, or continued\n" +
            "from its checkpoint when it was started before; a cell trained to its end is left as it is. Exit code 1 if it failed.")
        {
            folder, key,
        };
        command.SetAction(parse =>
        {
            var writer = parse.InvocationConfiguration.Output;
            var cellKey = parse.GetValue(key)!;
            if (cellKey.Length != 16 || !cellKey.All(char.IsAsciiHexDigitLower))
                throw new MedPeftException($"key '{cellKey}': expected a cell's key, 16 lowercase hexadecimal digits (sweep status lists them).");
            var cellFolder = CellFolder.Of(parse.GetValue(folder)!, cellKey);
            var cell = cellFolder.Cell();
            if (cellFolder.IsDone)
            {
                writer.WriteLine($"{cellFolder.Key}: trained to its end before; nothing to do");
                return ExitCodes.Success;
            }
            if (!File.Exists(Path.Combine(cellFolder.RunDirectory, RunSpec.FileName)))
                throw new MedPeftException($"{cellFolder.RunDirectory}: no {RunSpec.FileName}; expected a cell that sweep run prepared.");
            // Training writes its checkpoints, metrics and log beside run.json: a folder with more was started.
            bool started = Directory.EnumerateFileSystemEntries(cellFolder.RunDirectory).Any(entry => Path.GetFileName(entry) != RunSpec.FileName);
            // Slurm signals every process of the task itself (a cancel, a preemption, the time limit), so nothing is forwarded.
            var status = CellTraining.Run(new CellLaunch(cell, cellFolder, started), (launch, log) => CellTrainProcess.Run(launch, log, forwardSignals: false),
                StopSignals.Stoppable(), writer.WriteLine);
            return status switch
            {
                null or { State: CellState.Done } => ExitCodes.Success,
                { ExitCode: int exit } when exit > 128 => exit,
                _ => ExitCodes.Failed,
            };
        });
        return command;
    }
}
