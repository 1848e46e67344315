using System.CommandLine;

namespace MedPeft.Cli;

/// <summary><c>medpeft data</c>: the dataset sub-commands, one line each.</summary>
internal static class DataCommand
{
    public static Command Create()
    {
        var command = new Command("data", "Check datasets laid out as the public sets ship them, build the built-in datasets and the shipped WordNet.");
        Command[] subcommands =
        [
            DataCheckCommand.Create(),
            DataBuildSyntheticCommand.Create(),
            DataBuildRealCommand.Create(),
            DataBuildWordNetCommand.Create(),
        ];
        foreach (var subcommand in subcommands) command.Subcommands.Add(subcommand);
        return command;
    }
}
