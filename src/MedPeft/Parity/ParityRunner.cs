using MedPeft.IO;
using MedPeft.Models;
using MedPeft.Nn;
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

    /// <summary>
    /// Runs the case; a model case with <paramref name="precision"/> bf16 loads its linear weights in bfloat16 (how close
    /// that comes to the float32 reference is what the tolerance then says).
    /// </summary>
    public static ParityReport Run(string caseDirectory, double tolerance, Precision precision = Precision.Fp32)
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
        using var model = HfModelLoader.Load(caseDirectory, new ModelLoadOptions(CPU, ScalarType.Float32, precision));
        var (outputs, main) = ModelParity.Run(model, inputs, expected);
        return ParityComparer.Compare(name, model.Architecture, expected, outputs, main, tolerance);
    }
}
