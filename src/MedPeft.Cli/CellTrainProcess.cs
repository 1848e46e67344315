using System.Globalization;
using MedPeft.Sweeps;

namespace MedPeft.Cli;

/// <summary>A sweep cell's training as a child <c>medpeft train</c> on its run folder, computing with the cell's threads.</summary>
internal static class CellTrainProcess
{
    /// <summary>Trains the cell (started, or continued when <see cref="CellLaunch.Resume"/>), writing its output to <paramref name="log"/>; returns its exit code.</summary>
    /// <param name="forwardSignals">Whether this process's stop signals are passed on to the training (not where they reach it anyway).</param>
    public static int Run(CellLaunch launch, TextWriter log, bool forwardSignals) =>
        ToolProcess.Run(TrainCommand.Arguments(launch.Folder.RunDirectory, launch.Resume), log, prefix: "", environment: Threads(launch.Cell.Threads), forwardSignals);

    /// <summary>The environment that has a cell's LibTorch (OpenMP and MKL) compute with <paramref name="threads"/> threads.</summary>
    static IReadOnlyDictionary<string, string> Threads(int threads)
    {
        var text = threads.ToString(CultureInfo.InvariantCulture);
        return new Dictionary<string, string> { ["OMP_NUM_THREADS"] = text, ["MKL_NUM_THREADS"] = text };
    }
}
