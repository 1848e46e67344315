using MedPeft.IO;

namespace MedPeft.Sweeps;

/// <summary>
/// One cell's training, wherever it runs (a child of a local <c>sweep run</c>, or a Slurm array task's <c>sweep
/// train-cell</c>): under the cell's lock, so that two processes never train one cell, its status file says running
/// while it runs, then done, failed (with the exit code) or pending (stopped on request, to be resumed). The training's
/// output is appended to the cell's log.
/// </summary>
internal static class CellTraining
{
    /// <summary>Trains the cell with <paramref name="train"/> (which returns its exit code); returns its new status, or null when another process trains it now.</summary>
    /// <param name="say">Receives one line at the start and one at the end.</param>
    public static CellStatus? Run(CellLaunch launch, Func<CellLaunch, TextWriter, int> train, CancellationToken stop, Action<string> say)
    {
        var folder = launch.Folder;
        var name = $"{launch.Cell.Row.Name}, seed {launch.Cell.Seed} ({folder.Key})";
        using var held = FolderLock.TryTake(folder.Path);
        if (held is null)
        {
            say($"skipped: {name}, which another process trains now (it holds {folder.Path}{FolderLock.Extension})");
            return null;
        }
        new CellStatus(CellState.Running, null, null, folder.Log).Save(folder.Path);
        say($"{(launch.Resume ? "resuming" : "starting")} {name}");
        int exit;
        using (var output = new StreamWriter(folder.Log, append: true) { AutoFlush = true })
            exit = train(launch, output);
        var status = folder.IsDone && exit == 0 ? new CellStatus(CellState.Done, null, exit, folder.Log)
            : stop.IsCancellationRequested ? new CellStatus(CellState.Pending, $"stopped on request (exit code {exit}); the next sweep run resumes it from its checkpoint", exit, folder.Log)
            : new CellStatus(CellState.Failed, $"its training ended with exit code {exit}; see its log", exit, folder.Log);
        status.Save(folder.Path);
        say($"{status.State.ToString().ToLowerInvariant()}: {name}" + (status.State == CellState.Failed ? $" (exit code {exit}; log {folder.Log})" : ""));
        return status;
    }
}
