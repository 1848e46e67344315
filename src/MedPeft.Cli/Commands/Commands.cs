using System.CommandLine;

namespace MedPeft.Cli;

/// <summary>Every sub-command of the tool, in the order <c>--help</c> lists them.</summary>
internal static class Commands
{
    public static IEnumerable<Command> All() => new Command[]
    {
        CompareCommand.Create(),
        CompareResultsCommand.Create(),
        SweepCommand.Create(),
        InspectCommand.Create(),
        ParityCommand.Create(),
        PretrainCommand.Create(),
        TrainCommand.Create(),
        EvalCommand.Create(),
        PredictCommand.Create(),
        MergeCommand.Create(),
        ImportCommand.Create(),
        ConvertCommand.Create(),
        ScoreCommand.Create(),
        DataCommand.Create(),
        BenchMethodsCommand.Create(),
        PlanCommand.Create(),
        ServeCommand.Create(),
        ServeBenchCommand.Create(),
    };
}
