using System.Diagnostics;
using MedPeft.Data.BuiltIn;
using MedPeft.Data.BuiltIn.Synthetic;

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

    public void Dispose() => Folder.Dispose();
}
