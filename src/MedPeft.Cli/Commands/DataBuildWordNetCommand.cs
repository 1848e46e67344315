using System.CommandLine;
using MedPeft.Evaluation.Metrics.WordNet;

namespace MedPeft.Cli;

/// <summary><c>medpeft data build-wordnet</c>: writes the compact WordNet 3.0 that ships with MedPeft (<c>data/wordnet</c>).</summary>
internal static class DataBuildWordNetCommand
{
    public static Command Create()
    {
        var from = new Option<string>("--from") { Description = "WordNet 3.0 folder in its original text form (index.*, data.*, *.exc), e.g. Debian's wordnet-base.", Required = true };
        var output = new Option<string>("--out") { Description = "Folder to write the compact database to (must not exist, or be empty).", Required = true };
        var command = new Command("build-wordnet",
            "Write the compact WordNet 3.0 that METEOR uses by default: only lemmas, synsets' lemma names and the exception lists, " +
            "gzip-compressed, with the license. The repository's data/wordnet is this command's output.\n" +
            "Example: medpeft data build-wordnet --from wordnet-3.0/dict --out data/wordnet")
        {
            from, output,
        };
        command.SetAction(parse =>
        {
            var directory = Path.GetFullPath(parse.GetValue(output)!);
            CompactWordNet.Write(parse.GetValue(from)!, directory);
            var writer = parse.InvocationConfiguration.Output;
            writer.WriteLine($"Compact WordNet 3.0 written to {directory}");
            foreach (var file in new DirectoryInfo(directory).GetFiles().OrderBy(f => f.Name, StringComparer.Ordinal))
                writer.WriteLine($"  {file.Name,-16}{file.Length,10} bytes");
            return ExitCodes.Success;
        });
        return command;
    }
}
