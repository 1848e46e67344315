using System.CommandLine;
using System.Text.Json;
using System.Text.Json.Nodes;
using MedPeft.Sweeps;

namespace MedPeft.Cli;

/// <summary><c>medpeft sweep status</c>: the cells of a sweep folder, where each stands, why, and its log.</summary>
internal static class SweepStatusCommand
{
    public static Command Create()
    {
        var folder = new Argument<string>("dir") { Description = "The sweep folder (sweep run's --out)." };
        var json = new Option<bool>("--json") { Description = "Print the cells as a JSON array instead of a table." };
        var command = new Command("status", "List the cells of a sweep: pending, running, done or failed, with the reason and the log of each.")
        {
            folder, json,
        };
        command.SetAction(parse =>
        {
            var writer = parse.InvocationConfiguration.Output;
            var cells = CellReport.Of(parse.GetValue(folder)!);
            if (parse.GetValue(json))
            {
                var array = new JsonArray(cells.Select(c => (JsonNode)new JsonObject
                {
                    ["key"] = c.Key, ["row"] = c.Row, ["seed"] = c.Seed, ["state"] = Name(c.State), ["reason"] = c.Reason, ["log"] = c.Log,
                }).ToArray());
                writer.WriteLine(array.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
                return ExitCodes.Success;
            }
            writer.WriteLine("| cell | method | seed | state | reason | log |");
            writer.WriteLine("| --- | --- | ---: | --- | --- | --- |");
            foreach (var c in cells) writer.WriteLine($"| {c.Key} | {c.Row} | {c.Seed} | {Name(c.State)} | {c.Reason ?? ""} | {c.Log} |");
            writer.WriteLine(string.Join(", ", Enum.GetValues<CellState>().Select(state => $"{cells.Count(c => c.State == state)} {Name(state)}")));
            return ExitCodes.Success;
        });
        return command;
    }

    static string Name(CellState state) => state.ToString().ToLowerInvariant();
}
