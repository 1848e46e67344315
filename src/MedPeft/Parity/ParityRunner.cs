using MedPeft.IO;
using MedPeft.Models;
using static TorchSharp.torch;

namespace MedPeft.Parity;

/// <summary>
/// Runs a reference case directory as laid out by the HF fixtures: a model case (<c>config.json</c> +
/// <c>model.safetensors</c>, <c>inputs.safetensors</c>, <c>outputs.safetensors</c>), an HF PEFT LoRA case
/// (<c>adapter_config.json</c>) or a training case (<c>train.json</c>), the last two on a base case; or
/// a model in the original LLaVA layout (<see cref="LlavaOriginalParity"/>: <c>model/</c>, <c>vision_tower/</c>).
/// </summary>
internal static class ParityRunner
{
    public const string InputsFile = "inputs.safetensors";
    public const string OutputsFile = "outputs.safetensors";

    public static ParityReport Run(string caseDirectory, double tolerance)
    {
        if (!Directory.Exists(caseDirectory)) throw new MedPeftException($"{caseDirectory}: case folder not found.");
        string name = Path.GetFileName(Path.TrimEndingDirectorySeparator(Path.GetFullPath(caseDirectory)));
        var expected = SafeTensorsFile.Open(Path.Combine(caseDirectory, OutputsFile));
        using var scope = NewDisposeScope();
        if (File.Exists(Path.Combine(caseDirectory, "train.json")))
        {
            var (trained, trainMain) = PeftParity.Train(caseDirectory, expected);
            return ParityComparer.Compare(name, "norm-only training with AdamW", expected, trained, trainMain, tolerance);
        }
        var inputs = SafeTensorsFile.Open(Path.Combine(caseDirectory, InputsFile));
        if (File.Exists(Path.Combine(caseDirectory, "adapter_config.json")))
        {
            var (adapted, loraMain) = PeftParity.Lora(caseDirectory, inputs, expected);
            return ParityComparer.Compare(name, "HF PEFT LoRA adapter", expected, adapted, loraMain, tolerance);
        }
        if (LlavaOriginalParity.IsCase(caseDirectory)) return LlavaOriginalParity.Run(caseDirectory, name, inputs, expected, tolerance);
        using var model = HfModelLoader.Load(caseDirectory);
        var (outputs, main) = ModelParity.Run(model, inputs, expected);
        return ParityComparer.Compare(name, model.Architecture, expected, outputs, main, tolerance);
    }
}
