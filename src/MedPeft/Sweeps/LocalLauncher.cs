using System.Collections.Concurrent;

namespace MedPeft.Sweeps;

/// <summary>
/// Runs cells as child processes of this one, at most <paramref name="parallel"/> at a time, in the order given. Each
/// cell's training writes its output to the cell's log (appended to when it resumes); its status file says running
/// while it runs, then done, failed (with the exit code) or pending (stopped on request, to be resumed).
/// </summary>
/// <param name="train">Trains a cell in a child process (<c>medpeft train</c> on its run folder with its threads, with
/// this process's stop signals forwarded to it), writing its output to the writer given; returns its exit code.</param>
internal sealed class LocalLauncher(int parallel, Func<CellLaunch, TextWriter, int> train, TextWriter log) : ICellLauncher
{
    readonly Lock gate = new();

    public void Launch(IReadOnlyList<CellLaunch> cells, CancellationToken stop)
    {
        // One cell at a time from the list, to whichever worker is free (not a range of the list to each worker).
        Parallel.ForEach(Partitioner.Create(cells, EnumerablePartitionerOptions.NoBuffering), new ParallelOptions { MaxDegreeOfParallelism = parallel }, cell =>
        {
            if (!stop.IsCancellationRequested) Run(cell, stop);
        });
        if (stop.IsCancellationRequested)
            throw new OperationCanceledException("the sweep stopped on request; its cells keep their checkpoints and the same sweep run continues them", stop);
    }

    void Run(CellLaunch launch, CancellationToken stop)
    {
        var folder = launch.Folder;
        var name = $"{launch.Cell.Row.Name}, seed {launch.Cell.Seed} ({folder.Key})";
        new CellStatus(CellState.Running, null, null, folder.Log).Save(folder.Path);
        Say($"{(launch.Resume ? "resuming" : "starting")} {name}");
        int exit;
        using (var output = new StreamWriter(folder.Log, append: true) { AutoFlush = true })
            exit = train(launch, output);
        var status = folder.IsDone && exit == 0 ? new CellStatus(CellState.Done, null, exit, folder.Log)
            : stop.IsCancellationRequested ? new CellStatus(CellState.Pending, $"stopped on request (exit code {exit}); the next sweep run resumes it from its checkpoint", exit, folder.Log)
            : new CellStatus(CellState.Failed, $"its training ended with exit code {exit}; see its log", exit, folder.Log);
        status.Save(folder.Path);
        Say($"{status.State.ToString().ToLowerInvariant()}: {name}" + (status.State == CellState.Failed ? $" (exit code {exit}; log {folder.Log})" : ""));
    }

    void Say(string line)
    {
        lock (gate) log.WriteLine(line);
    }
}
