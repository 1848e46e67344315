using MedPeft.Models.BuiltIn;
using TorchSharp;
using static TorchSharp.torch;

namespace MedPeft.Models;

/// <summary>
/// Resolves a model name: an HF checkpoint folder; <c>medpeft-base</c>, the built-in pretrained
/// Med-VLM, once it is built (<see cref="BaseModel"/>; loading never builds it); or the name of a
/// built-in configuration (weights drawn from a fixed seed, no tokenizer).
/// </summary>
internal static class ModelSource
{
    public const int BuiltInSeed = 1234;

    /// <summary>The name of the model to load, as a setting (what a user names as the model).</summary>
    public const string ModelSetting = "ModelSource.Model";

    /// <summary>
    /// The folder behind a model name: itself for a folder, the cached base model for <c>medpeft-base</c>
    /// (an error when it is not built); built-in configurations are returned unchanged.
    /// </summary>
    public static string Resolve(string model)
    {
        if (model != BaseModel.Name) return model;
        var recipe = new BaseModelRecipe();
        return BaseModel.IsBuilt(recipe) ? BaseModel.Folder(recipe)
            : throw new MedPeftException($"{BaseModel.Name}, the built-in base model, is not built yet in {BaseModel.Folder(recipe)}; " +
                "BaseModelBuilder.Ensure builds it (the command line does so on first use).");
    }

    public static IHfModel Load(string model, ModelLoadOptions? options = null)
    {
        model = Resolve(model);
        if (Directory.Exists(model)) return HfModelLoader.Load(model, options);
        if (BuiltInConfigs.TryGet(model, out var config))
        {
            options ??= ModelLoadOptions.Default;
            torch.manual_seed(BuiltInSeed);
            var built = HfModelLoader.Build(config, options.DType, precision: options.Precision);
            built.Module.to(options.Device);
            built.Module.eval();
            return built;
        }
        throw NotFound(model);
    }

    /// <summary>The model's structure on the "meta" device, without reading weights (for counting and planning).</summary>
    public static IHfModel LoadStructure(string model)
    {
        model = Resolve(model);
        if (Directory.Exists(model)) return HfModelLoader.LoadStructure(model);
        if (BuiltInConfigs.TryGet(model, out var config)) return HfModelLoader.Build(config, ScalarType.Float32, torch.META);
        throw NotFound(model);
    }

    /// <summary>The folder a model's tokenizer and preprocessor files are in; built-in configurations have none.</summary>
    public static string FolderOf(string model)
    {
        model = Resolve(model);
        return Directory.Exists(model) ? model
            : throw new InvalidSettingException(ModelSetting, $"'{model}' is a built-in configuration without a tokenizer; training and evaluation need a model folder with its tokenizer files");
    }

    /// <summary>The <c>config.json</c> text of a model folder or a built-in model (to write next to merged weights).</summary>
    public static string ConfigJson(string model)
    {
        model = Resolve(model);
        if (Directory.Exists(model)) return File.ReadAllText(Path.Combine(model, HfModelLoader.ConfigFile));
        if (BuiltInConfigs.TryGet(model, out var config)) return config.ToJson();
        throw NotFound(model);
    }

    static InvalidSettingException NotFound(string model) =>
        new(ModelSetting, $"'{model}' is no such folder, and not a built-in model (built-in: {BaseModel.Name}, {string.Join(", ", BuiltInConfigs.Names)})");
}
