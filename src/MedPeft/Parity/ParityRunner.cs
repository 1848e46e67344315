using MedPeft.IO;
using MedPeft.Models;
using static TorchSharp.torch;

namespace MedPeft.Parity;

/// <summary>
/// Runs a reference case directory as laid out by the HF fixtures: <c>config.json</c> +
/// <c>model.safetensors</c> (the model), <c>inputs.safetensors</c> and <c>outputs.safetensors</c>.
/// </summary>
public static class ParityRunner
{
    public const string InputsFile = "inputs.safetensors";
    public const string OutputsFile = "outputs.safetensors";

    public static ParityReport Run(string caseDirectory, double tolerance)
    {
        if (!Directory.Exists(caseDirectory)) throw new MedPeftException($"{caseDirectory}: case folder not found.");
        string name = Path.GetFileName(Path.TrimEndingDirectorySeparator(Path.GetFullPath(caseDirectory)));
        var inputs = SafeTensorsFile.Open(Path.Combine(caseDirectory, InputsFile));
        var expected = SafeTensorsFile.Open(Path.Combine(caseDirectory, OutputsFile));
        using var scope = NewDisposeScope();
        using var model = HfModelLoader.Load(caseDirectory);
        var (outputs, main) = ModelParity.Run(model, inputs, expected);
        return ParityComparer.Compare(name, model.Architecture, expected, outputs, main, tolerance);
    }
}
