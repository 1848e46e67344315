using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using MedPeft.Data.Datasets;
using MedPeft.Experiments;
using MedPeft.Models.BuiltIn;
using MedPeft.Nn;
using MedPeft.Peft;

namespace MedPeft.Sweeps;

/// <summary>
/// Reads a grid file (JSON): every field's type and range is checked, and a bad one is refused with one
/// <see cref="MedPeftException"/> naming the file and the field.
/// </summary>
internal static class GridFile
{
    const int MaxThreads = 1024;

    static readonly string[] Fields = ["model", "data", "task", "methods", "seeds", "steps", "budget", "lr", "precision", "threads", "eval_on", "gradient_checkpointing", "device"];

    /// <summary>Reads the grid file at <paramref name="path"/>; its relative folders resolve against its own folder.</summary>
    public static SweepGrid Read(string path)
    {
        var full = Path.GetFullPath(path);
        if (!File.Exists(full)) throw new MedPeftException($"{path}: no such grid file.");
        JsonNode? node;
        try
        {
            node = JsonNode.Parse(File.ReadAllText(full), documentOptions: new() { AllowDuplicateProperties = false });
        }
        catch (JsonException e)
        {
            throw new MedPeftException($"{path}: not valid JSON ({e.Message}).");
        }
        return node is JsonObject grid ? Parse(grid, path, Path.GetDirectoryName(full)!) : throw new MedPeftException($"{path}: expected a JSON object (a grid).");
    }

    /// <summary>Reads a grid from its JSON object; <paramref name="file"/> names it in errors, <paramref name="folder"/> is where relative folders resolve.</summary>
    public static SweepGrid Parse(JsonObject json, string file, string folder)
    {
        var grid = new GridFields(json, file);
        grid.OnlyKnown(Fields);
        var model = grid.String("model");
        if (model != BaseModel.Name && !Directory.Exists(Path.GetFullPath(model, folder)))
            throw grid.Problem("model", $"is '{model}', no such folder; expected a model folder (config.json, weights and tokenizer files) or {BaseModel.Name}");
        var (format, data) = Dataset(grid.Object("data"), folder, ComparisonSpec.BuiltInFormats);
        var task = grid.String("task") switch
        {
            "vqa" => DatasetTask.Vqa,
            "report" => DatasetTask.Report,
            var other => throw grid.Problem("task", $"is '{other}'; expected vqa or report"),
        };
        var methods = grid.List("methods", (node, name) => Method(node.GetValue<string>(), grid, name), "method or plan strings");
        if (methods.Count == 0) throw grid.Problem("methods", "is empty; name at least one method");
        if (methods.GroupBy(m => PeftPlan.Parse(m).ToString()).FirstOrDefault(g => g.Count() > 1) is { } twice)
            throw grid.Problem("methods", $"names the plan '{twice.Key}' twice ({string.Join(", ", twice.Select(m => $"'{m}'"))})");
        var seeds = grid.List("seeds", (node, _) => node.GetValue<int>(), "integers");
        if (seeds.Count == 0) throw grid.Problem("seeds", "is empty; give at least one seed");
        if (seeds.Distinct().Count() != seeds.Count) throw grid.Problem("seeds", $"names a seed twice ({string.Join(", ", seeds)})");
        var budgetName = grid.OptionalString("budget") ?? ComparisonBudget.Quick.Name;
        var budget = new[] { ComparisonBudget.Quick, ComparisonBudget.Standard }.FirstOrDefault(b => b.Name == budgetName)
            ?? throw grid.Problem("budget", $"is '{budgetName}'; expected quick or standard");
        var steps = grid.OptionalLong("steps");
        if (steps is < 1) throw grid.Problem("steps", $"is {steps}; expected a number of optimizer steps per cell of at least 1");
        var rates = grid.OptionalObject("lr")?.Entries((method, node, name) => LearningRates(method, node, name, methods, grid)) ?? new Dictionary<string, IReadOnlyList<double>>();
        var precisionName = grid.OptionalString("precision") ?? Precision.Fp32.Name();
        var precision = precisionName is "fp32" or "bf16" ? Precisions.Parse(precisionName, "precision")
            : throw grid.Problem("precision", $"is '{precisionName}'; expected fp32 or bf16");
        var threads = grid.OptionalInt("threads") ?? 2;
        if (threads is < 1 or > MaxThreads) throw grid.Problem("threads", $"is {threads}; expected an integer from 1 to {MaxThreads}");
        var evalOn = grid.OptionalList("eval_on", (node, name) => Dataset(new GridFields(node.AsObject(), file, name + "."), folder, []), "objects with format and dir") ?? [];
        var sets = evalOn.Select(set => (set.Format, Dir: set.Data!)).ToList();
        if (sets.GroupBy(set => TestSet.Of(set.Format, Path.GetFullPath(set.Dir, folder)).Name).FirstOrDefault(g => g.Count() > 1) is { } sameName)
            throw grid.Problem("eval_on", $"names two test sets '{sameName.Key}'; their folders need different names, which name their columns");
        var checkpointing = grid.OptionalBool("gradient_checkpointing") ?? false;
        var device = grid.OptionalString("device") ?? "cpu";
        // Checked by its form only (any case, as train --device takes it): a cell may run on a node with a device this machine lacks.
        if (!Regex.IsMatch(device, "^(cpu|cuda(:[0-9]+)?)$", RegexOptions.IgnoreCase))
            throw grid.Problem("device", $"is '{device}'; expected cpu, cuda or cuda:N");
        return new SweepGrid(folder, model, format, data, task, methods, seeds, budget, steps, rates, precision, threads, sets, checkpointing, device);
    }

    /// <summary>A dataset object, <c>{"format": ..., "dir": ...}</c>: a known format, a folder that exists (optional only for <paramref name="withoutFolder"/>).</summary>
    static (string Format, string? Data) Dataset(GridFields fields, string folder, IReadOnlyList<string> withoutFolder)
    {
        fields.OnlyKnown("format", "dir");
        var format = fields.String("format");
        if (!DatasetFormats.Names.Contains(format)) throw fields.Problem("format", $"is '{format}'; expected one of {string.Join(", ", DatasetFormats.Names)}");
        var dir = fields.OptionalString("dir");
        if (dir is null && !withoutFolder.Contains(format)) throw fields.Problem("dir", $"is missing; the {format} format needs the dataset folder");
        if (dir is not null && !Directory.Exists(Path.GetFullPath(dir, folder))) throw fields.Problem("dir", $"is '{dir}', no such folder; expected the dataset folder");
        return (format, dir);
    }

    static string Method(string method, GridFields grid, string name)
    {
        try
        {
            PeftPlan.Parse(method);
            return method;
        }
        catch (InvalidSettingException e)
        {
            throw grid.Problem(name, $"'{method}': {e.Problem}", qualified: true);
        }
    }

    /// <summary>A method's learning rates: a non-empty list of distinct positive numbers, for a method of the grid.</summary>
    static IReadOnlyList<double> LearningRates(string method, JsonNode? node, string name, IReadOnlyList<string> methods, GridFields grid)
    {
        if (!methods.Contains(method)) throw grid.Problem(name, $"names a method the grid does not train; expected one of {string.Join(", ", methods)}", qualified: true);
        if (node is not JsonArray { Count: > 0 } list) throw grid.Problem(name, $"has value {node?.ToJsonString() ?? "null"}, expected a non-empty list of learning rates", qualified: true);
        var rates = new List<double>();
        for (int i = 0; i < list.Count; i++)
        {
            double rate = list[i] is JsonValue value && value.TryGetValue<double>(out var number) ? number : double.NaN;
            if (!(rate > 0 && double.IsFinite(rate)))
                throw grid.Problem($"{name}[{i}]", $"is {list[i]?.ToJsonString() ?? "null"}; expected a positive number", qualified: true);
            rates.Add(rate);
        }
        if (rates.Distinct().Count() != rates.Count)
            throw grid.Problem(name, $"names a learning rate twice ({string.Join(", ", rates.Select(r => r.ToString("R", CultureInfo.InvariantCulture)))})", qualified: true);
        return rates;
    }
}
