using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using MedPeft.Experiments;
using MedPeft.Runs;

namespace MedPeft.Sweeps;

/// <summary>
/// One cell of a sweep: a method row (a method with one learning rate) trained with one seed, described by the run
/// description <c>train --spec</c> reads (<see cref="Run"/>, its model and data as the grid names them) and computed
/// with <see cref="Threads"/> threads. Its <see cref="Key"/> names its folder.
/// </summary>
internal sealed record SweepCell(ComparisonMethod Row, int Seed, int Threads, RunSpec Run)
{
    /// <summary>
    /// The first 16 hexadecimal digits (64 bits) of the SHA-256 of the cell's canonical JSON (<see cref="CanonicalJson"/>),
    /// <c>{"run": &lt;its run description&gt;, "threads": &lt;n&gt;}</c>: every setting that decides the cell's numbers, and
    /// nothing that depends on where it runs (folders as the grid writes them). The same cell has the same key on every
    /// machine and in every later run of the grid; a changed setting gives another.
    /// </summary>
    public string Key { get; } = KeyOf(Run, Threads);

    /// <summary>The cell's canonical JSON, which its key hashes.</summary>
    public static string CanonicalOf(RunSpec run, int threads)
    {
        var description = JsonNode.Parse(run.ToJson())!.AsObject();
        foreach (var (section, field, off) in OptInSettings)
            if (description[section]?[field] is { } value && JsonNode.DeepEquals(value, off))
                description[section]!.AsObject().Remove(field);
        return CanonicalJson.Of(new JsonObject { ["run"] = description, ["threads"] = threads });
    }

    /// <summary>
    /// Run settings added after cell keys were first made, with the value that means the setting is not used: at that
    /// value they are left out of the key, so a run without the setting keeps the key it had before the setting existed
    /// and a sweep folder made then still finds its finished cells.
    /// </summary>
    static readonly (string Section, string Field, JsonNode Off)[] OptInSettings =
    [
        ("training", "gradient_checkpointing", JsonValue.Create(false)),
    ];

    static string KeyOf(RunSpec run, int threads) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(CanonicalOf(run, threads))))[..16];

    /// <summary>The cells of a grid: its method rows (in the order of its methods and learning rates) × its seeds.</summary>
    public static IReadOnlyList<SweepCell> Of(SweepGrid grid)
    {
        var comparison = grid.Comparison;
        return comparison.Rows.SelectMany(row => grid.Seeds.Select(seed =>
            new SweepCell(row, seed, grid.Threads, comparison.RunOf(row, seed, grid.Model, grid.Data ?? "", grid.Format)))).ToList();
    }
}
