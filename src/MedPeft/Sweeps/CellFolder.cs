using System.Text.Json;
using System.Text.Json.Nodes;
using MedPeft.Experiments;
using MedPeft.IO;
using MedPeft.Runs;
using MedPeft.Training;

namespace MedPeft.Sweeps;

/// <summary>
/// A cell's folder in a sweep folder, <c>cells/&lt;key&gt;/</c>: <c>cell.json</c> (the cell: its row, seed, threads and
/// run description as the grid names things), <c>status.json</c>, <c>train.log</c> (what its training printed) and
/// <c>run/</c>, the run folder <c>medpeft train</c> trains in.
/// </summary>
internal sealed record CellFolder(string Path)
{
    public const string CellsFolder = "cells", CellFile = "cell.json", LogFile = "train.log", RunFolder = "run";

    /// <summary>The folder of the cell with <paramref name="key"/> in <paramref name="sweepDirectory"/>.</summary>
    public static CellFolder Of(string sweepDirectory, string key) => new(System.IO.Path.Combine(sweepDirectory, CellsFolder, key));

    /// <summary>The folders of the cells a sweep folder holds (of every grid run there), in key order.</summary>
    public static IReadOnlyList<CellFolder> In(string sweepDirectory)
    {
        var cells = System.IO.Path.Combine(sweepDirectory, CellsFolder);
        return Directory.Exists(cells)
            ? Directory.GetDirectories(cells).Where(d => File.Exists(System.IO.Path.Combine(d, CellFile))).Order(StringComparer.Ordinal).Select(d => new CellFolder(d)).ToList()
            : [];
    }

    public string Key => System.IO.Path.GetFileName(Path);
    public string RunDirectory => System.IO.Path.Combine(Path, RunFolder);
    public string Log => System.IO.Path.Combine(Path, LogFile);

    /// <summary>Whether the cell is trained to its end: its run folder holds the training summary, which training writes last.</summary>
    public bool IsDone => File.Exists(System.IO.Path.Combine(RunDirectory, Trainer.SummaryFile));

    /// <summary>Writes <c>cell.json</c>: the key names the cell's settings, so only its row's name can change (with the grid's other rows).</summary>
    public void Describe(SweepCell cell)
    {
        var path = System.IO.Path.Combine(Path, CellFile);
        var json = new JsonObject
        {
            ["key"] = cell.Key, ["row"] = cell.Row.Name, ["method"] = cell.Row.Method, ["learning_rate"] = cell.Row.LearningRate,
            ["seed"] = cell.Seed, ["threads"] = cell.Threads, ["run"] = JsonNode.Parse(cell.Run.ToJson()),
        };
        AtomicFile.WriteAllText(path, json.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
    }

    /// <summary>The cell <c>cell.json</c> describes (what <see cref="Describe"/> wrote): it must be the cell of this folder's key.</summary>
    public SweepCell Cell()
    {
        var path = System.IO.Path.Combine(Path, CellFile);
        if (!File.Exists(path)) throw new MedPeftException($"{Path}: no {CellFile}; expected the folder of a sweep's cell (sweep run writes it).");
        SweepCell cell;
        try
        {
            var json = JsonNode.Parse(File.ReadAllText(path));
            cell = new SweepCell(new ComparisonMethod(Field<string>(json, "row"), Field<string>(json, "method"), Field<double>(json, "learning_rate")),
                Field<int>(json, "seed"), Field<int>(json, "threads"), json?["run"].Deserialize<RunSpec>(RunSpec.Json) ?? throw new JsonException("no 'run'"));
        }
        catch (JsonException e)
        {
            throw new MedPeftException($"{path}: not a valid cell description ({e.Message}); expected 'row', 'method' (strings), 'learning_rate' (a number), " +
                "'seed', 'threads' (integers) and 'run' (a run description).");
        }
        if (cell.Key != Key) throw new MedPeftException($"{path}: describes the cell {cell.Key}, not {Key}, the cell of its folder.");
        return cell;
    }

    static T Field<T>(JsonNode? json, string name) =>
        json?[name] is JsonValue value && value.TryGetValue<T>(out var field) ? field : throw new JsonException($"'{name}' is missing or not a {typeof(T).Name}");
}
