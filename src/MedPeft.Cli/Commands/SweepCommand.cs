using System.CommandLine;

namespace MedPeft.Cli;

/// <summary><c>medpeft sweep</c>: a grid of fine-tuning runs (methods × learning rates × seeds), run, followed and reported.</summary>
internal static class SweepCommand
{
    public static Command Create() => CommandGroup.Of("sweep", "Run a grid of fine-tuning runs (methods x learning rates x seeds) from a grid file, resumably, and report it as compare does.",
        SweepRunCommand.Create(),
        SweepStatusCommand.Create(),
        SweepCollectCommand.Create(),
        SweepTrainCellCommand.Create());
}
