using System.CommandLine;
using System.Text.Json;
using MedPeft.Models;
using MedPeft.Models.BuiltIn;

namespace MedPeft.Cli;

/// <summary><c>medpeft inspect --model &lt;dir|name&gt;</c>: family, sizes and parameter counts per component.</summary>
public static class InspectCommand
{
    public static Command Create()
    {
        var model = new Option<string>("--model") { Description = "An HF checkpoint folder (config.json + safetensors) or a built-in model name.", Required = true };
        var json = new Option<bool>("--json") { Description = "Print one JSON object." };
        var builtIns = string.Join("\n", BuiltInConfigs.Names.Select(n => $"  {n}: {BuiltInConfigs.Describe(n)}"));
        var command = new Command("inspect",
            $"Show a model's family, sizes and parameter count per component. Reads only config.json and the\nsafetensors headers (no weights are loaded), and checks that they fit together.\n\nBuilt-in models:\n{builtIns}\n\nExample:\n  medpeft inspect --model tiny-llava --json")
        {
            model, json,
        };
        command.SetAction(parse =>
        {
            using var structure = ModelSource.LoadStructure(parse.GetValue(model)!);
            var summary = ModelInspection.Summarize(structure);
            var output = parse.InvocationConfiguration.Output;
            if (parse.GetValue(json)) output.WriteLine(ToJson(parse.GetValue(model)!, summary));
            else Print(parse.GetValue(model)!, summary, output);
            return ExitCodes.Success;
        });
        return command;
    }

    static string ToJson(string model, ModelSummary summary) => JsonSerializer.Serialize(new Dictionary<string, object>
    {
        ["model"] = model,
        ["model_type"] = summary.ModelType,
        ["architecture"] = summary.Architecture,
        ["sizes"] = summary.Sizes,
        ["components"] = summary.Components.ToDictionary(c => c.Name, c => (object)new Dictionary<string, object>
        {
            ["prefix"] = c.Prefix, ["parameters"] = c.Parameters,
        }),
        ["total_parameters"] = summary.TotalParameters,
    }, new JsonSerializerOptions { WriteIndented = true });

    static void Print(string model, ModelSummary summary, TextWriter output)
    {
        output.WriteLine($"{model}: {summary.Architecture} (model_type {summary.ModelType})");
        output.WriteLine("  " + string.Join(", ", summary.Sizes.Select(kv => $"{kv.Key} {kv.Value}")));
        foreach (var c in summary.Components)
            output.WriteLine($"  {c.Name,-13} {c.Parameters,15:N0} parameters  ({(c.Prefix == "" ? "the whole model" : c.Prefix + "*")})");
        output.WriteLine($"  {"total",-13} {summary.TotalParameters,15:N0} parameters");
    }
}
