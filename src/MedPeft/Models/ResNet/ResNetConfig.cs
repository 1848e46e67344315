using System.Text.Json.Nodes;
using MedPeft.IO;
using MedPeft.Models.Configs;

namespace MedPeft.Models.ResNet;

/// <summary>
/// A ResNet image encoder of BasicBlocks (ResNet-18/34 family), stored in <c>config.json</c> with
/// <c>"model_type": "resnet"</c> and HF's key names: <c>depths</c> (blocks per stage),
/// <c>hidden_sizes</c> (channels per stage), <c>embedding_size</c> (channels of the stem).
/// </summary>
/// <param name="ImageSize">The square input size the weights were trained at (224 for ImageNet ResNets).</param>
/// <param name="BatchNormEps">The epsilon of every BatchNorm layer.</param>
internal sealed record ResNetConfig(IReadOnlyList<int> Depths, IReadOnlyList<int> HiddenSizes, int EmbeddingSize, int NumChannels, int ImageSize, double BatchNormEps)
{
    public const string ModelType = "resnet";

    /// <summary>Channels of the last stage: the width of the feature grid and of the pooled vector.</summary>
    public int OutputWidth => HiddenSizes[^1];

    /// <summary>Side of the feature grid: the input is downsampled 32 times (stem 4, stages 2-4 twice each).</summary>
    public int GridSize => ImageSize / 32;

    public static ResNetConfig Load(string path) => From(ConfigObject.Load(path), path);

    public static ResNetConfig From(ConfigObject c, string source)
    {
        string type = c.String("model_type", "");
        if (type != ModelType) throw new MedPeftException($"{source}: model_type is '{type}', expected '{ModelType}'.");
        string layerType = c.String("layer_type", "basic");
        if (layerType != "basic")
            throw new MedPeftException($"{source}: layer_type '{layerType}' is not supported; expected 'basic' (ResNet-18/34 blocks).");
        var config = new ResNetConfig(IntList(c, "depths"), IntList(c, "hidden_sizes"), c.Size("embedding_size", 64, ConfigLimits.ConvolutionChannels),
            c.Size("num_channels", 3, ConfigLimits.ImageChannels), c.Size("image_size", 224, ConfigLimits.ImageSide), c.Positive("batch_norm_eps", 1e-5));
        return config.Validated(source);
    }

    public JsonObject ToJson() => new()
    {
        ["model_type"] = ModelType,
        ["architectures"] = new JsonArray("ResNetEncoder"),
        ["layer_type"] = "basic",
        ["depths"] = new JsonArray(Depths.Select(d => (JsonNode)d).ToArray()),
        ["hidden_sizes"] = new JsonArray(HiddenSizes.Select(d => (JsonNode)d).ToArray()),
        ["embedding_size"] = EmbeddingSize,
        ["num_channels"] = NumChannels,
        ["image_size"] = ImageSize,
        ["batch_norm_eps"] = BatchNormEps,
        ["hidden_act"] = "relu",
    };

    public void Save(string path) =>
        AtomicFile.WriteAllText(path, ToJson().ToJsonString(new System.Text.Json.JsonSerializerOptions { WriteIndented = true }) + "\n");

    /// <summary>Checks the sizes; <paramref name="source"/> names the file or graph they came from.</summary>
    public ResNetConfig Validated(string source)
    {
        if (Depths.Count == 0 || Depths.Count != HiddenSizes.Count)
            throw new MedPeftException($"{source}: 'depths' ({Depths.Count} stages) and 'hidden_sizes' ({HiddenSizes.Count}) must be non-empty lists of the same length.");
        if (Depths.Any(d => d <= 0) || HiddenSizes.Any(w => w <= 0) || EmbeddingSize <= 0 || NumChannels <= 0)
            throw new MedPeftException($"{source}: depths, hidden_sizes, embedding_size and num_channels must be positive.");
        if (Depths.Any(d => d > ConfigLimits.StageBlocks) || HiddenSizes.Any(w => w > ConfigLimits.ConvolutionChannels))
            throw new MedPeftException($"{source}: depths ({string.Join(", ", Depths)}) must be at most {ConfigLimits.StageBlocks} and hidden_sizes ({string.Join(", ", HiddenSizes)}) at most {ConfigLimits.ConvolutionChannels}.");
        if (Depths.Count != 4)
            throw new MedPeftException($"{source}: {Depths.Count} stages given; this encoder has the four stages layer1..layer4.");
        if (ImageSize <= 0 || ImageSize % 32 != 0)
            throw new MedPeftException($"{source}: image_size ({ImageSize}) must be a positive multiple of 32.");
        if (BatchNormEps <= 0) throw new MedPeftException($"{source}: batch_norm_eps ({BatchNormEps}) must be positive.");
        return this;
    }

    static int[] IntList(ConfigObject c, string key)
    {
        var list = c.IntList(key);
        return list ?? throw new MedPeftException($"{c.Source}: field '{key}' is missing; expected a list of integers, one per stage.");
    }
}
