using System.Text.Json;
using System.Text.Json.Nodes;
using MedPeft.IO;

namespace MedPeft.Sweeps;

/// <summary>
/// The grid a sweep folder was last run with, <c>sweep.json</c> in it: the grid file's path and its content, so that
/// <c>sweep collect</c> reports that grid's cells (a folder also keeps the cells of grids run there before).
/// </summary>
internal static class SweepRecord
{
    public const string FileName = "sweep.json";

    /// <summary>Keeps the grid file at <paramref name="gridFile"/> (read by <see cref="GridFile.Read"/> before) as the sweep's grid.</summary>
    public static void Write(string sweepDirectory, string gridFile)
    {
        var record = new JsonObject { ["grid_file"] = Path.GetFullPath(gridFile), ["grid"] = JsonNode.Parse(File.ReadAllText(gridFile)) };
        AtomicFile.WriteAllText(Path.Combine(sweepDirectory, FileName), record.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
    }

    /// <summary>The grid the sweep in <paramref name="sweepDirectory"/> was last run with; its relative folders resolve against its file's folder.</summary>
    public static SweepGrid Read(string sweepDirectory)
    {
        var path = Path.Combine(sweepDirectory, FileName);
        if (!File.Exists(path)) throw new MedPeftException($"{sweepDirectory}: no {FileName}; expected the folder of a sweep that was run (sweep run writes it).");
        JsonNode? record;
        try
        {
            record = JsonNode.Parse(File.ReadAllText(path));
        }
        catch (JsonException e)
        {
            throw new MedPeftException($"{path}: not valid JSON ({e.Message}).");
        }
        if (record?["grid_file"] is JsonValue file && file.TryGetValue<string>(out var gridFile) && Path.IsPathFullyQualified(gridFile) && record["grid"] is JsonObject grid)
            return GridFile.Parse(grid, $"{path} (the grid of {gridFile})", Path.GetDirectoryName(gridFile)!);
        throw new MedPeftException($"{path}: not a sweep record; expected 'grid_file' (a full path) and 'grid' (an object).");
    }
}
