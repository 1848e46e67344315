using MedPeft.Sweeps;
using MedPeft.Training;

namespace MedPeft.Tests.Sweeps;

/// <summary>The local launcher's bookkeeping, with a stand-in for the child <c>medpeft train</c>: parallelism, status files, a stop.</summary>
public sealed class LocalLauncherTests : IDisposable
{
    readonly TemporaryFolder folder = new();

    public void Dispose() => folder.Dispose();

    IReadOnlyList<CellLaunch> Launches(int seeds)
    {
        var grid = folder.File("grid.json");
        File.WriteAllText(grid, $$"""{"model": "medpeft-base", "data": {"format": "builtin-real"}, "task": "vqa", "methods": ["ln"], "seeds": [{{string.Join(", ", Enumerable.Range(1, seeds))}}], "steps": 2}""");
        return SweepCell.Of(GridFile.Read(grid)).Select(cell =>
        {
            var cellFolder = CellFolder.Of(folder.File("sweep"), cell.Key);
            Directory.CreateDirectory(cellFolder.RunDirectory);
            return new CellLaunch(cell, cellFolder, Resume: false);
        }).ToList();
    }

    /// <summary>What a training that ends leaves: the summary, written last.</summary>
    static int Trains(CellLaunch launch, TextWriter log)
    {
        log.WriteLine($"training {launch.Cell.Key}");
        File.WriteAllText(Path.Combine(launch.Folder.RunDirectory, Trainer.SummaryFile), "{}");
        return 0;
    }

    [Fact]
    public void ParallelCellsRunAtOnceAndEachEndsDoneWithItsLog()
    {
        var launches = Launches(seeds: 4);
        using var together = new Barrier(2);
        var log = new StringWriter();

        // Each pair of cells meets at the barrier: with one cell at a time, the first would wait for ever (the guard fails it).
        new LocalLauncher(2, (launch, output) =>
        {
            Assert.Equal(CellState.Running, CellStatus.Load(launch.Folder.Path)!.State);
            Assert.True(together.SignalAndWait(TimeSpan.FromMinutes(2)), "the second cell never ran beside the first");
            return Trains(launch, output);
        }, log).Launch(launches, CancellationToken.None);

        foreach (var launch in launches)
        {
            Assert.Equal(new CellStatus(CellState.Done, null, 0, launch.Folder.Log), CellStatus.Load(launch.Folder.Path));
            Assert.Equal($"training {launch.Cell.Key}\n", File.ReadAllText(launch.Folder.Log));
        }
        Assert.Equal(4, log.ToString().Split('\n').Count(line => line.StartsWith("done: ln, seed ", StringComparison.Ordinal)));
    }

    [Fact]
    public void AFailedTrainingOrOneWithoutItsSummaryIsAFailedCell()
    {
        var launches = Launches(seeds: 2);

        new LocalLauncher(1, (launch, _) => launch.Cell.Seed == 1 ? 3 : 0, TextWriter.Null).Launch(launches, CancellationToken.None);

        Assert.Equal(new CellStatus(CellState.Failed, "its training ended with exit code 3; see its log", 3, launches[0].Folder.Log), CellStatus.Load(launches[0].Folder.Path));
        // Exit code 0 but no summary: not finished, whatever the process said.
        Assert.Equal(CellState.Failed, CellStatus.Load(launches[1].Folder.Path)!.State);
    }

    [Fact]
    public void AStopLeavesTheRunningCellPendingAndStartsNoOther()
    {
        var launches = Launches(seeds: 3);
        using var stop = new CancellationTokenSource();

        var stopped = Assert.Throws<OperationCanceledException>(() => new LocalLauncher(1, (launch, _) =>
        {
            stop.Cancel(); // as a signal forwarded to the child: it writes its checkpoint and exits
            return 143;
        }, TextWriter.Null).Launch(launches, stop.Token));

        Assert.Contains("the same sweep run continues them", stopped.Message);
        var first = CellStatus.Load(launches[0].Folder.Path)!;
        Assert.Equal((CellState.Pending, 143), (first.State, first.ExitCode));
        Assert.All(launches.Skip(1), launch => Assert.Null(CellStatus.Load(launch.Folder.Path)));
    }
}
