using System.Text.Json;
using MedPeft.IO;
using MedPeft.Runs;

namespace MedPeft.Sweeps;

/// <summary>
/// A cell's status file, <c>status.json</c> in its folder, written whole by the launcher at each change: the state, why
/// (for a failed or stopped cell), the exit code of its last training process and its log.
/// </summary>
internal sealed record CellStatus(CellState State, string? Reason, int? ExitCode, string Log)
{
    public const string FileName = "status.json";

    static JsonSerializerOptions Json => RunSpec.Json;

    public void Save(string cellFolder) => AtomicFile.WriteAllText(Path.Combine(cellFolder, FileName), JsonSerializer.Serialize(this, Json));

    /// <summary>The status in a cell folder; null when it has none yet.</summary>
    public static CellStatus? Load(string cellFolder)
    {
        var path = Path.Combine(cellFolder, FileName);
        if (!File.Exists(path)) return null;
        try
        {
            return JsonSerializer.Deserialize<CellStatus>(File.ReadAllText(path), Json) ?? throw new JsonException("empty file");
        }
        catch (JsonException e)
        {
            throw new MedPeftException($"{path}: not a valid cell status ({e.Message}).");
        }
    }
}
