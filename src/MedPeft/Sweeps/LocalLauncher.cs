using System.Collections.Concurrent;

namespace MedPeft.Sweeps;

/// <summary>
/// Runs cells as child processes of this one, at most <paramref name="parallel"/> at a time, in the order given, each
/// as <see cref="CellTraining"/> says (its log, its status file, its lock).
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
            if (!stop.IsCancellationRequested) CellTraining.Run(cell, train, stop, Say);
        });
        if (stop.IsCancellationRequested)
            throw new OperationCanceledException("the sweep stopped on request; its cells keep their checkpoints and the same sweep run continues them", stop);
    }

    void Say(string line)
    {
        lock (gate) log.WriteLine(line);
    }
}
