using System.CommandLine;

namespace MedPeft.Cli;

/// <summary>A command that only groups sub-commands (<c>medpeft data</c>, <c>medpeft sweep</c>).</summary>
internal static class CommandGroup
{
    public static Command Of(string name, string description, params Command[] subcommands)
    {
        var command = new Command(name, description);
        foreach (var subcommand in subcommands) command.Subcommands.Add(subcommand);
        return command;
    }
}
