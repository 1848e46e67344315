using System.Text.Json;
using System.Text.Json.Nodes;
using MedPeft.Data.BuiltIn.Real;
using MedPeft.Data.Datasets;
using MedPeft.Experiments;
using MedPeft.IO;
using MedPeft.Models.BuiltIn;
using MedPeft.Nn;

namespace MedPeft.Sweeps;

/// <summary>
/// A comparison as a sweep's grid file: its methods (with their learning rates) × its seeds under its budget, precision,
/// gradient checkpointing, device and threads — the preset grid <c>compare</c> runs through the sweep engine. Folders are
/// written as full paths (the grid file lies in the sweep folder, not where the comparison's folders were named).
/// </summary>
internal static class ComparisonGrid
{
    public const string FileName = "grid.json";

    /// <summary>The grid of <paramref name="spec"/> with <paramref name="threads"/> threads per cell, as grid-file JSON.</summary>
    public static JsonObject Of(ComparisonSpec spec, int threads)
    {
        var data = new JsonObject { ["format"] = spec.Format ?? RealDatasetBuilder.Name };
        if (spec.Data is not null) data["dir"] = Path.GetFullPath(spec.Data);
        var grid = new JsonObject
        {
            ["model"] = spec.Model == BaseModel.Name ? spec.Model : Path.GetFullPath(spec.Model),
            ["data"] = data,
            ["task"] = spec.Task.Name(),
            ["methods"] = new JsonArray(spec.Methods.Select(m => (JsonNode)JsonValue.Create(m)).ToArray()),
            ["seeds"] = new JsonArray(spec.RunSeeds.Select(s => (JsonNode)JsonValue.Create(s)).ToArray()),
            ["budget"] = spec.Budget.Name,
            ["precision"] = spec.Precision.Name(),
            ["threads"] = threads,
            ["gradient_checkpointing"] = spec.GradientCheckpointing,
            ["device"] = spec.Device,
        };
        if (spec.Steps is long steps) grid["steps"] = steps;
        if (spec.LearningRates is { Count: > 0 } rates)
            grid["lr"] = new JsonObject(rates.Select(r => KeyValuePair.Create(r.Key, (JsonNode?)new JsonArray(r.Value.Select(v => (JsonNode)JsonValue.Create(v)).ToArray()))));
        // None named: the grid scores the sets compare scores by default.
        if (spec.EvalOn is { } sets)
            grid["eval_on"] = new JsonArray(sets.Select(set => (JsonNode)new JsonObject { ["format"] = set.Format, ["dir"] = Path.GetFullPath(set.Data) }).ToArray());
        return grid;
    }

    /// <summary>The grid of <paramref name="spec"/> with <paramref name="threads"/> threads per cell, read as a grid file's.</summary>
    public static SweepGrid Grid(ComparisonSpec spec, int threads) => GridFile.Parse(Of(spec, threads), "the comparison's grid", Directory.GetCurrentDirectory());

    /// <summary>Writes the grid file of <paramref name="spec"/> into <paramref name="sweepDirectory"/>; returns its path.</summary>
    public static string Write(ComparisonSpec spec, int threads, string sweepDirectory)
    {
        var path = Path.Combine(sweepDirectory, FileName);
        AtomicFile.WriteAllText(path, Of(spec, threads).ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
        return path;
    }
}
