using MedPeft.Models.BuiltIn;
using TorchSharp;
using static TorchSharp.torch;

namespace MedPeft.Models;

/// <summary>
/// Resolves what a user passes as <c>--model</c>: an HF checkpoint folder, or the name of a built-in
/// configuration (built with weights drawn from a fixed seed).
/// </summary>
public static class ModelSource
{
    public const int BuiltInSeed = 1234;

    public static IHfModel Load(string model, ModelLoadOptions? options = null)
    {
        if (Directory.Exists(model)) return HfModelLoader.Load(model, options);
        if (BuiltInConfigs.TryGet(model, out var config))
        {
            options ??= ModelLoadOptions.Default;
            torch.manual_seed(BuiltInSeed);
            var built = HfModelLoader.Build(config, options.DType);
            built.Module.to(options.Device);
            built.Module.eval();
            return built;
        }
        throw NotFound(model);
    }

    /// <summary>The model's structure on the "meta" device, without reading weights (for counting and planning).</summary>
    public static IHfModel LoadStructure(string model)
    {
        if (Directory.Exists(model)) return HfModelLoader.LoadStructure(model);
        if (BuiltInConfigs.TryGet(model, out var config)) return HfModelLoader.Build(config, ScalarType.Float32, torch.META);
        throw NotFound(model);
    }

    /// <summary>The folder a model's tokenizer and preprocessor files are in; built-in configurations have none.</summary>
    public static string FolderOf(string model) =>
        Directory.Exists(model) ? model
            : throw new MedPeftException($"--model '{model}' is a built-in configuration without a tokenizer; training and evaluation need a model folder with its tokenizer files.");

    /// <summary>The <c>config.json</c> text of a model folder or a built-in model (to write next to merged weights).</summary>
    public static string ConfigJson(string model)
    {
        if (Directory.Exists(model)) return File.ReadAllText(Path.Combine(model, HfModelLoader.ConfigFile));
        if (BuiltInConfigs.TryGet(model, out var config)) return config.ToJson();
        throw NotFound(model);
    }

    static MedPeftException NotFound(string model) =>
        new($"--model '{model}': no such folder, and not a built-in model (built-in: {string.Join(", ", BuiltInConfigs.Names)}).");
}
