using System.CommandLine;
using MedPeft.Experiments.Pairing;
using MedPeft.IO;

namespace MedPeft.Cli;

/// <summary>
/// <c>medpeft compare-results</c>: two <c>compare</c> results folders on the same test questions (e.g. a bf16 and an fp32
/// run), per method both scores and the paired difference b − a with its 95% bootstrap interval over the questions.
/// </summary>
internal static class CompareResultsCommand
{
    public static Command Create()
    {
        var a = new Argument<string>("a") { Description = "A compare results folder (results.json and runs/<method>/test/predictions.jsonl)." };
        var b = new Argument<string>("b") { Description = "Another, on the same test questions; the difference is b - a." };
        var json = new Option<bool>("--json") { Description = "Print one JSON object instead of a table." };
        var output = new Option<string?>("--out") { Description = "Also write the JSON object to this file." };
        var command = new Command("compare-results",
            "Compare two compare results folders on the same test questions, method by method: each one's primary score (overall\n" +
            "accuracy for VQA) and the paired difference b - a with a 95% percentile bootstrap interval over the test questions\n" +
            "(compare's scorer, resamples and seed; with several seeds, each side's seed mean per resample). Refuses folders whose\n" +
            "test questions differ.\n\n" +
            "Example:\n  medpeft compare --precision bf16 --out results/bf16\n  medpeft compare --out results/fp32\n" +
            "  medpeft compare-results results/fp32 results/bf16")
        {
            a, b, json, output,
        };
        command.SetAction(parse =>
        {
            var paired = ResultsPairing.Pair(parse.GetValue(a)!, parse.GetValue(b)!);
            var text = PairedComparisonOutput.ToJson(paired);
            var writer = parse.InvocationConfiguration.Output;
            if (parse.GetValue(json)) writer.Write(text);
            else PairedComparisonOutput.WriteTable(writer, paired);
            if (parse.GetValue(output) is { } path) AtomicFile.WriteAllText(path, text);
            return ExitCodes.Success;
        });
        return command;
    }
}
