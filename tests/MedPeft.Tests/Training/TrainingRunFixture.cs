using System.Diagnostics;
using MedPeft.Data.BuiltIn;
using MedPeft.Data.BuiltIn.Synthetic;
using MedPeft.Training;

namespace MedPeft.Tests.Training;

/// <summary>A small synthetic dataset and tiny BLIP/LLaVA model folders, shared by the training tests of a class.</summary>
public sealed class TrainingRunFixture : IDisposable
{
    public TemporaryFolder Folder { get; } = new();
    public string Data { get; }
    public string Blip { get; }
    public string Llava { get; }

    public TrainingRunFixture()
    {
        Data = Path.Combine(Folder.Path, "data");
        BuiltInDatasets.EnsureSynthetic(Data, new SyntheticOptions(Seed: 3, Images: 20, QuestionsPerImage: 3, ImageSize: 64));
        Blip = TinyModelFolders.Blip(Path.Combine(Folder.Path, "blip"), Data);
        Llava = TinyModelFolders.Llava(Path.Combine(Folder.Path, "llava"));
    }

    public string[] Train(string model, string method, string output, params string[] more) =>
        new[] { "train", "--model", model, "--data", Data, "--format", "builtin-synthetic", "--method", method, "--out", output }.Concat(more).ToArray();

    /// <summary>
    /// A LoRA (dropout 0.1) + LayerNorm run of the tiny BLIP, with augmentation, for <paramref name="steps"/> steps: every
    /// source of randomness a resumed run must reproduce.
    /// </summary>
    public string[] LoraAndLayerNorm(string output, long steps, params string[] more) =>
        Train(Blip, "lora+ln", output, ["--max-steps", $"{steps}", "--batch-size", "4", "--lr", "1e-3", .. more]);

    /// <summary>Starts the command-line tool in its own process (the test host shares torch's global generator across tests).</summary>
    public static Process Start(params string[] arguments)
    {
        var start = new ProcessStartInfo(Path.Combine(AppContext.BaseDirectory, "medpeft")) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments) start.ArgumentList.Add(argument);
        start.Environment["CI"] = "1";
        return Process.Start(start)!;
    }

    public static (int ExitCode, string Output, string Error) RunToEnd(params string[] arguments)
    {
        using var process = Start(arguments);
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        process.WaitForExit();
        return (process.ExitCode, output.Result, error.Result);
    }

    /// <summary>The training losses a run logged, step by step.</summary>
    public static List<double> Losses(string run) =>
        new MetricsLog(Path.Combine(run, "metrics.jsonl")).Entries().Where(e => e["type"]!.GetValue<string>() == "train")
            .Select(e => e["loss"]!.GetValue<double>()).ToList();

    /// <summary>
    /// Starts a run in its own process and kills it (SIGKILL) once its last checkpoint is at step
    /// <paramref name="killAfter"/> or later; returns the step of the last checkpoint it left.
    /// </summary>
    public static long KillAfterCheckpoint(string[] arguments, string runDirectory, long killAfter)
    {
        using (var process = Start(arguments))
        {
            while (!process.HasExited && !(WrittenStep(runDirectory) >= killAfter)) Thread.Sleep(20);
            Assert.False(process.HasExited, "the run finished before it could be killed");
            process.Kill(entireProcessTree: true);
            process.WaitForExit();
        }
        return CheckpointStore.ReadState(new CheckpointStore(runDirectory).Find(CheckpointStore.Last)!).Step;
    }

    /// <summary>The step of the last checkpoint of a running run; null while there is none or it is being swapped in.</summary>
    static long? WrittenStep(string runDirectory)
    {
        var last = new CheckpointStore(runDirectory).Find(CheckpointStore.Last);
        try
        {
            return last is null ? null : CheckpointStore.ReadState(last).Step;
        }
        catch (MedPeftException)
        {
            // The running process moved the folder between finding it and reading it.
            return null;
        }
    }

    public void Dispose() => Folder.Dispose();
}
