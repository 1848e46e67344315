using System.CommandLine;
using System.Globalization;
using MedPeft.Sweeps;

namespace MedPeft.Cli;

/// <summary><c>medpeft sweep collect</c>: the comparison report of a sweep's trained cells, as <c>compare</c> writes it.</summary>
internal static class SweepCollectCommand
{
    public static Command Create()
    {
        var folder = new Argument<string>("dir") { Description = "The sweep folder (sweep run's --out)." };
        var output = new Option<string?>("--out") { Description = "The results folder to create (default: <dir>/report-<timestamp>)." };
        var command = new Command("collect",
            "Evaluate the trained cells of the sweep's grid on the test split (and the grid's eval_on sets) and write the report\n" +
            "compare writes: each method's seeds averaged with their intervals, next to the zero-shot and majority rows.")
        {
            folder, output,
        };
        command.SetAction(parse =>
        {
            var writer = parse.InvocationConfiguration.Output;
            var sweepDirectory = parse.GetValue(folder)!;
            var grid = SweepRecord.Read(sweepDirectory);
            var outDirectory = parse.GetValue(output) ?? Path.Combine(sweepDirectory, "report-" + DateTime.Now.ToString("yyyyMMdd-HHmmss", CultureInfo.InvariantCulture));
            BaseModelStep.EnsureBuilt(grid.Model, writer);
            var (result, verdict) = SweepCollector.Collect(grid, sweepDirectory, outDirectory, writer);
            ComparisonOutput.Print(writer, outDirectory, result, verdict);
            return ExitCodes.Success;
        });
        return command;
    }
}
