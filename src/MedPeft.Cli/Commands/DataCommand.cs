using System.CommandLine;

namespace MedPeft.Cli;

/// <summary><c>medpeft data</c>: the dataset sub-commands, one line each.</summary>
internal static class DataCommand
{
    public static Command Create() => CommandGroup.Of("data", "Check datasets laid out as the public sets ship them, build the built-in datasets and the shipped WordNet.",
        DataCheckCommand.Create(),
        DataBuildSyntheticCommand.Create(),
        DataBuildRealCommand.Create(),
        DataBuildWordNetCommand.Create());
}
