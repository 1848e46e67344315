using System.CommandLine;

namespace MedPeft.Cli;

/// <summary>Every sub-command of the tool, in the order <c>--help</c> lists them.</summary>
public static class Commands
{
    public static IEnumerable<Command> All() => new Command[]
    {
        InspectCommand.Create(),
        ParityCommand.Create(),
        ImportCommand.Create(),
        ScoreCommand.Create(),
        BenchMethodsCommand.Create(),
    };
}
