using System.Globalization;
using System.Text;
using MedPeft.Sweeps;

namespace MedPeft.Cli;

/// <summary>A sweep cell's training as a child <c>medpeft train</c> on its run folder, computing with the cell's threads.</summary>
internal static class CellTrainProcess
{
    /// <summary>Trains the cell (started, or continued when <see cref="CellLaunch.Resume"/>), writing its output to <paramref name="log"/>; returns its exit code.</summary>
    /// <param name="forwardSignals">Whether this process's stop signals are passed on to the training (not where they reach it anyway).</param>
    /// <param name="echo">Where the output is shown too, each line after <c>"  | "</c> (<c>compare</c>'s console); null: nowhere.</param>
    /// <param name="planChecked">The caller has checked the run's memory plan (<c>compare</c> checks every method first), so the training does not again.</param>
    public static int Run(CellLaunch launch, TextWriter log, bool forwardSignals, TextWriter? echo = null, bool planChecked = false)
    {
        var arguments = planChecked ? TrainCommand.CheckedArguments(launch.Folder.RunDirectory, launch.Resume) : TrainCommand.Arguments(launch.Folder.RunDirectory, launch.Resume);
        return ToolProcess.Run(arguments, echo is null ? log : new Echoing(log, echo), prefix: "", environment: Threads(launch.Cell.Threads), forwardSignals);
    }

    /// <summary>The environment that has a cell's LibTorch (OpenMP and MKL) compute with <paramref name="threads"/> threads.</summary>
    static IReadOnlyDictionary<string, string> Threads(int threads)
    {
        var text = threads.ToString(CultureInfo.InvariantCulture);
        return new Dictionary<string, string> { ["OMP_NUM_THREADS"] = text, ["MKL_NUM_THREADS"] = text };
    }

    /// <summary>Writes each line to the log and, after <c>"  | "</c>, to the echo.</summary>
    sealed class Echoing(TextWriter log, TextWriter echo) : TextWriter
    {
        public override Encoding Encoding => log.Encoding;

        public override void WriteLine(string? value)
        {
            log.WriteLine(value);
            echo.WriteLine("  | " + value);
        }

        public override void Write(char value) => throw new NotSupportedException("a training's output is copied line by line");
    }
}
