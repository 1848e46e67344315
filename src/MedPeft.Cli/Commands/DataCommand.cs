using System.CommandLine;

namespace MedPeft.Cli;

/// <summary><c>medpeft data ...</c>: build and check datasets.</summary>
public static class DataCommand
{
    public static Command Create()
    {
        var command = new Command("data", "Build the built-in datasets.");
        command.Subcommands.Add(DataBuildSyntheticCommand.Create());
        command.Subcommands.Add(DataBuildRealCommand.Create());
        return command;
    }
}
