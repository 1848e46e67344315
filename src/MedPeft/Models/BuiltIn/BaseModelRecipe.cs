using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using MedPeft.Data.BuiltIn.Synthetic;

namespace MedPeft.Models.BuiltIn;

/// <summary>
/// How the built-in base model is made: its image size, and the vision–language pretraining stage on
/// a synthetic set of its own seed (so no image of a comparison's data is seen): report generation,
/// then visual question answering. The cache folder is keyed by a hash of the recipe.
/// </summary>
internal sealed record BaseModelRecipe(int ImageSize = 128, int PretrainImages = 600, long ReportSteps = 30, long VqaSteps = 400, int BatchSize = 16,
    double LearningRate = 1e-4, double WarmupRatio = 0.1, int Seed = 42, int Version = 2)
{
    /// <summary>The synthetic generator's version: its images are part of the recipe (a new generator means a new model).</summary>
    public int DataVersion => SyntheticDatasetBuilder.GeneratorVersion;

    /// <summary>What the pretraining stage trains: the text encoder and the decoder (the CNN stays as ImageNet trained it).</summary>
    public const string PretrainPlan = "full@text-encoder:decoder";

    /// <summary>The pretraining images' seed: their own, never a comparison's. A method, derived from <see cref="Seed"/>:
    /// the cache key serializes the properties, and a derived value there would change the key without changing the recipe.</summary>
    public int PretrainDataSeed() => Seed + 1000;

    /// <summary>What the model was pretrained on, for reports: a comparison's data must differ from it.</summary>
    public string PretrainingDescription() =>
        $"{BaseModel.Name}: ImageNet ResNet18 + all-MiniLM-L6-v2, then pretrained by MedPeft on builtin-synthetic " +
        $"({PretrainImages} procedural phantoms of seed {PretrainDataSeed()}, {ImageSize} px; other images and another generator than builtin-real): " +
        $"{ReportSteps} steps of report generation, then {VqaSteps} steps of question answering ({PretrainPlan}, lr {LearningRate:0.#####})";

    public string CacheKey() => Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(JsonSerializer.Serialize(this))))[..12].ToLowerInvariant();

    public void Validate()
    {
        Require(ImageSize >= 64 && ImageSize % 32 == 0, nameof(ImageSize), $"must be a multiple of 32 of at least 64 (got {ImageSize})");
        Require(PretrainImages >= 10, nameof(PretrainImages), $"must be at least 10 (got {PretrainImages})");
        Require(ReportSteps >= 0, nameof(ReportSteps), $"must not be negative (got {ReportSteps})");
        Require(VqaSteps >= 0, nameof(VqaSteps), $"must not be negative (got {VqaSteps})");
        Require(BatchSize >= 1, nameof(BatchSize), $"must be at least 1 (got {BatchSize})");
        Require(LearningRate > 0, nameof(LearningRate), $"must be positive (got {LearningRate})");
        Require(WarmupRatio >= 0 && WarmupRatio < 1, nameof(WarmupRatio), $"must be in [0, 1) (got {WarmupRatio})");
    }

    /// <summary>The name of a property as a setting, <c>BaseModelRecipe.Property</c>.</summary>
    public static string Name(string property) => Setting.Name<BaseModelRecipe>(property);

    static void Require(bool condition, string property, string problem) => Setting.Require(condition, Name(property), problem);
}
