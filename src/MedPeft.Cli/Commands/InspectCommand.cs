using System.CommandLine;
using System.Text.Json;
using MedPeft.Models;
using MedPeft.Models.BuiltIn;
using MedPeft.Peft;
using MedPeft.Peft.Tuners;

namespace MedPeft.Cli;

/// <summary><c>medpeft inspect --model &lt;dir|name&gt;</c>: family, sizes and parameter counts per component.</summary>
internal static class InspectCommand
{
    public static Command Create()
    {
        var model = new Option<string>("--model") { Description = "An HF checkpoint folder (config.json + safetensors) or a built-in model name.", Required = true };
        var json = new Option<bool>("--json") { Description = "Print one JSON object." };
        var peftOptions = new PeftCliOptions(methodRequired: false);
        var builtIns = string.Join("\n", BuiltInConfigs.Names.Select(n => $"  {n}: {BuiltInConfigs.Describe(n)}"));
        var methods = string.Join("\n", TunerRegistry.Default.Tuners.Select(t => $"  {t.Name}: {t.Description}"));
        var command = new Command("inspect",
            $"Show a model's family, sizes and parameter count per component, and with --method what a PEFT plan\nwould train. Reads only config.json and the safetensors headers (no weights are loaded), and checks\nthat they fit together.\n\nBuilt-in models:\n{builtIns}\n\nMethods:\n{methods}\n\nExamples:\n  medpeft inspect --model tiny-llava --json\n  medpeft inspect --model tiny-llava --method ln --scope all")
        {
            model, json,
        };
        peftOptions.AddTo(command);
        command.SetAction(parse =>
        {
            BaseModelStep.EnsureBuilt(parse.GetValue(model)!, parse.InvocationConfiguration.Output);
            using var structure = ModelSource.LoadStructure(parse.GetValue(model)!);
            var summary = ModelInspection.Summarize(structure);
            PeftModel? peft = null;
            if (peftOptions.HasMethod(parse))
            {
                var (plan, options) = peftOptions.Read(parse);
                peft = PeftModel.Apply(structure, plan, options);
            }
            var output = parse.InvocationConfiguration.Output;
            if (parse.GetValue(json)) output.WriteLine(ToJson(parse.GetValue(model)!, summary, peft));
            else
            {
                Print(parse.GetValue(model)!, summary, output);
                if (peft is not null) PeftCliOptions.PrintAccount(peft, PeftAccount.Of(peft), output);
            }
            return ExitCodes.Success;
        });
        return command;
    }

    static string ToJson(string model, ModelSummary summary, PeftModel? peft)
    {
        var account = peft is null ? null : PeftAccount.Of(peft);
        var json = new Dictionary<string, object>
        {
            ["model"] = model,
            ["model_type"] = summary.ModelType,
            ["architecture"] = summary.Architecture,
            ["sizes"] = summary.Sizes,
            ["components"] = summary.Components.ToDictionary(c => c.Name, c =>
            {
                var entry = new Dictionary<string, object> { ["prefix"] = c.Prefix, ["parameters"] = c.Parameters };
                if (account?.Components.First(a => a.Name == c.Name) is { } a)
                {
                    entry["total_parameters"] = a.Total;
                    entry["trainable_parameters"] = a.Trainable;
                    entry["trainable_percent"] = a.Percent;
                }
                return (object)entry;
            }),
            ["total_parameters"] = summary.TotalParameters,
        };
        if (peft is not null && account is not null)
        {
            json["method"] = peft.Plan.ToString();
            json["applied"] = peft.Applied.Select(a => new Dictionary<string, object> { ["method"] = a.Item.Method, ["components"] = a.Components }).ToList();
            // With a method, totals include the parameters the method adds, as HF PEFT counts them.
            json["total_parameters"] = account.Total;
            json["base_parameters"] = summary.TotalParameters;
            json["trainable_parameters"] = account.Trainable;
            json["trainable_percent"] = account.Percent;
            json["inert_trainable_parameters"] = account.Inert;
        }
        return JsonSerializer.Serialize(json, new JsonSerializerOptions { WriteIndented = true });
    }

    static void Print(string model, ModelSummary summary, TextWriter output)
    {
        output.WriteLine($"{model}: {summary.Architecture} (model_type {summary.ModelType})");
        output.WriteLine("  " + string.Join(", ", summary.Sizes.Select(kv => $"{kv.Key} {kv.Value}")));
        foreach (var c in summary.Components)
            output.WriteLine($"  {c.Name,-13} {c.Parameters,15:N0} parameters  ({(c.Prefix == "" ? "the whole model" : c.Prefix + "*")})");
        output.WriteLine($"  {"total",-13} {summary.TotalParameters,15:N0} parameters");
    }
}
