using System.CommandLine;
using System.Globalization;
using MedPeft.Parity;

namespace MedPeft.Cli;

/// <summary><c>medpeft parity &lt;case-dir&gt;</c>: compares MedPeft's outputs with an HF reference case.</summary>
internal static class ParityCommand
{
    public static Command Create()
    {
        var caseDirectory = new Argument<string>("case-dir") { Description = "A reference case folder: config.json, model.safetensors, inputs.safetensors, outputs.safetensors." };
        var tolerance = new Option<double>("--tol") { Description = "Largest absolute error allowed on float outputs (integer outputs must match exactly).", DefaultValueFactory = _ => 1e-4 };
        var command = new Command("parity", "Run a model on a reference case's inputs and compare every output it can produce with the reference.\n\nExample:\n  medpeft parity tests/MedPeft.Tests/TestData/Fixtures/hf/llama --tol 1e-4")
        {
            caseDirectory, tolerance,
        };
        command.SetAction(parse =>
        {
            var report = ParityRunner.Run(parse.GetValue(caseDirectory)!, parse.GetValue(tolerance));
            Print(report, parse.InvocationConfiguration.Output);
            return report.Passed ? ExitCodes.Success : ExitCodes.Failed;
        });
        return command;
    }

    static void Print(ParityReport report, TextWriter output)
    {
        output.WriteLine($"case {report.Case} ({report.Kind}), tolerance {report.Tolerance:G3}");
        int width = Math.Max(6, report.Comparisons.Select(c => c.Name.Length).DefaultIfEmpty(0).Max());
        foreach (var c in report.Comparisons)
        {
            var status = c.Passed ? "ok" : "FAIL";
            var note = c.Note is null ? "" : $"  ({c.Note})";
            output.WriteLine($"  {c.Name.PadRight(width)}  max abs error {c.MaxAbsError.ToString("0.00e+00", CultureInfo.InvariantCulture),9}  {status}{note}");
        }
        foreach (var name in report.NotProduced) output.WriteLine($"  {name.PadRight(width)}  not produced by MedPeft");
        foreach (var name in report.MissingMainOutputs) output.WriteLine($"  {name.PadRight(width)}  MAIN OUTPUT NOT COMPARED");
        output.WriteLine(report.Passed
            ? $"PASS: {report.Comparisons.Count} outputs within tolerance (largest error {report.MaxError.ToString("0.00e+00", CultureInfo.InvariantCulture)})"
            : $"FAIL: {report.Comparisons.Count(c => !c.Passed)} of {report.Comparisons.Count} outputs out of tolerance"
              + (report.MissingMainOutputs.Count > 0 ? $", main outputs not compared: {string.Join(", ", report.MissingMainOutputs)}" : ""));
    }
}
