using System.CommandLine;
using System.Diagnostics;
using MedPeft.Data.BuiltIn.Real;

namespace MedPeft.Cli;

/// <summary><c>medpeft data build-real</c>: rebuilds <c>builtin-real</c> (which ships with MedPeft) from the two Debian packages it is made from.</summary>
internal static class DataBuildRealCommand
{
    public static Command Create()
    {
        var output = new Option<string>("--out") { Description = "Folder to write the dataset to (created; a built-in dataset already there is replaced).", Required = true };
        var from = new Option<string>("--from") { Description = "Folder holding the packages extracted with dpkg-deb -x, or / where they are installed.", Required = true }.Sets(RealSources.FromSetting);
        var seed = new Option<long>("--seed") { Description = "Random seed for lesions, splits and questions.", DefaultValueFactory = _ => 42 };
        var command = new Command("build-real",
            "Rebuild builtin-real, the set that ships with MedPeft: Med-VQA and short reports from real head MRI (Colin27 with AAL atlas labels, package mricron-data) " +
            "and head CT (package invesalius-examples) slices, half of them with synthetic lesions of known place, size, count and shape. " +
            $"Exits {ExitCodes.BadInput} and names the packages to install when they are missing.\n" +
            "With the defaults it writes the shipped files byte for byte.\n" +
            "Example: apt-get download mricron-data invesalius-examples; for d in *.deb; do dpkg-deb -x $d pkgs; done;\n" +
            "         medpeft data build-real --from pkgs --out data/builtin-real")
        {
            output, from, seed,
        };
        command.SetAction(parse =>
        {
            var directory = Path.GetFullPath(parse.GetValue(output)!);
            var clock = Stopwatch.StartNew();
            var build = RealDatasetBuilder.Build(directory, parse.GetValue(from)!, parse.GetValue(seed));
            BuiltInSummary.Print(parse.InvocationConfiguration.Output, directory, build, clock.Elapsed);
            return ExitCodes.Success;
        });
        return command;
    }
}
