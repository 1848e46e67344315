using System.Text.Json;
using MedPeft.IO;
using MedPeft.Peft;
using static TorchSharp.torch;

namespace MedPeft.Training;

/// <summary>
/// The checkpoints of a run, <c>checkpoints/last</c> and <c>checkpoints/best</c>. Each is an adapter
/// folder (<c>medpeft_adapter.json</c> + <c>adapter_model.safetensors</c>: only the trainable tensors),
/// plus <c>optimizer.safetensors</c> and <c>trainer_state.json</c>. A checkpoint is written whole under
/// a new name and then swapped in, so a kill at any moment leaves a loadable one.
/// </summary>
internal sealed class CheckpointStore(string runDirectory)
{
    public const string Last = "last", Best = "best";
    const string OptimizerFile = "optimizer.safetensors", StateFile = "trainer_state.json";

    static readonly JsonSerializerOptions Json = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        // Every field is written; a missing one is a damaged file.
        RespectRequiredConstructorParameters = true,
    };

    public string Directory { get; } = Path.Combine(runDirectory, "checkpoints");

    public void Save(string name, PeftModel peft, AdamW optimizer, TrainingState state, string baseModel)
    {
        System.IO.Directory.CreateDirectory(Directory);
        string target = Path.Combine(Directory, name), incoming = target + ".new", outgoing = target + ".old";
        foreach (var stale in new[] { incoming, outgoing })
            if (System.IO.Directory.Exists(stale) && System.IO.Directory.Exists(target)) System.IO.Directory.Delete(stale, recursive: true);
        var optimizerState = optimizer.StateTensors();
        AtomicDirectory.Create(incoming, folder =>
        {
            AdapterFiles.Save(peft, folder, baseModel);
            SafeTensorsWriter.Save(Path.Combine(folder, OptimizerFile), optimizerState);
            File.WriteAllText(Path.Combine(folder, StateFile), JsonSerializer.Serialize(state, Json));
        }, $"the checkpoint {name}", SizeOf(peft, optimizerState));
        if (System.IO.Directory.Exists(target)) System.IO.Directory.Move(target, outgoing);
        System.IO.Directory.Move(incoming, target);
        if (System.IO.Directory.Exists(outgoing)) System.IO.Directory.Delete(outgoing, recursive: true);
    }

    /// <summary>About the bytes of a checkpoint: its tensors' data, plus what the headers and JSON files take (a generous 64 KiB).</summary>
    static long SizeOf(PeftModel peft, Dictionary<string, Tensor> optimizerState) =>
        SafeTensorsWriter.DataSize(peft.Trainable.Select(p => (Tensor)p.Parameter)) + SafeTensorsWriter.DataSize(optimizerState.Values) + (64 << 10);

    /// <summary>The folder of a checkpoint, surviving a kill in the middle of the swap; null when there is none.</summary>
    public string? Find(string name)
    {
        var target = Path.Combine(Directory, name);
        return new[] { target, target + ".new", target + ".old" }.FirstOrDefault(System.IO.Directory.Exists);
    }

    public static TrainingState ReadState(string checkpoint)
    {
        var path = Path.Combine(checkpoint, StateFile);
        TrainingState state;
        try
        {
            state = JsonSerializer.Deserialize<TrainingState>(File.ReadAllText(path), Json) ?? throw new JsonException("empty");
        }
        catch (Exception e) when (e is JsonException or IOException)
        {
            throw new MedPeftException($"{path}: unreadable trainer state ({e.Message}).");
        }
        return state.Problem() is string problem ? throw new MedPeftException($"{path}: {problem}.") : state;
    }

    /// <summary>Restores <paramref name="optimizer"/> to <paramref name="step"/> from a checkpoint's moments.</summary>
    public static void RestoreOptimizer(string checkpoint, AdamW optimizer, long step)
    {
        var path = Path.Combine(checkpoint, OptimizerFile);
        optimizer.Restore(step, SafeTensorsFile.Open(path).ReadAll(), path);
    }
}
