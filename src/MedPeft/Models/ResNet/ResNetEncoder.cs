using MedPeft.Models.Weights;
using MedPeft.Nn;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace MedPeft.Models.ResNet;

/// <summary>
/// A ResNet image encoder without its classifier, with torchvision's parameter names
/// (<c>conv1.weight</c>, <c>bn1.running_mean</c>, <c>layer2.0.downsample.0.weight</c>, ...).
/// A 224x224 image gives a 7x7 grid of 512-d features (ResNet-18) and their average, the pooled vector.
/// BatchNorm running statistics are buffers: they are saved and loaded with the weights, and
/// used as they are while the module is in eval mode.
/// </summary>
internal sealed class ResNetEncoder : nn.Module, IHfModel
{
    public readonly Conv2d conv1;
    public readonly BatchNorm2d bn1;
    public readonly MaxPool2d maxpool;
    public readonly ModuleList<BasicBlock> layer1, layer2, layer3, layer4;
    public ResNetConfig Config { get; }

    public ResNetEncoder(ResNetConfig config) : base(nameof(ResNetEncoder))
    {
        Config = config;
        conv1 = nn.Conv2d(config.NumChannels, config.EmbeddingSize, 7, stride: 2, padding: 3, bias: false);
        bn1 = nn.BatchNorm2d(config.EmbeddingSize, config.BatchNormEps);
        maxpool = nn.MaxPool2d(3, stride: 2, padding: 1);
        var stages = new ModuleList<BasicBlock>[4];
        long width = config.EmbeddingSize;
        for (int s = 0; s < 4; s++)
        {
            long channels = config.HiddenSizes[s];
            stages[s] = new ModuleList<BasicBlock>(Enumerable.Range(0, config.Depths[s])
                .Select(b => new BasicBlock(b == 0 ? width : channels, channels, b == 0 && s > 0 ? 2 : 1, config.BatchNormEps)).ToArray());
            width = channels;
        }
        (layer1, layer2, layer3, layer4) = (stages[0], stages[1], stages[2], stages[3]);
        RegisterComponents();
    }

    /// <summary>Builds the encoder from a folder's <c>config.json</c> and loads <c>model.safetensors</c> (weights and BatchNorm statistics).</summary>
    public static ResNetEncoder FromPretrained(string directory)
    {
        var encoder = new ResNetEncoder(ResNetConfig.Load(Path.Combine(directory, "config.json")));
        new WeightLoader { Buffers = true }.Load(encoder, CheckpointReader.Open(directory));
        encoder.eval();
        return encoder;
    }

    public string ModelType => ResNetConfig.ModelType;
    public string Architecture => nameof(ResNetEncoder);
    public nn.Module Module => this;
    public IReadOnlyList<ModelComponent> Components => new[] { new ModelComponent("vision", "", this) };
    public IReadOnlyDictionary<string, object> Sizes => new Dictionary<string, object>
    {
        ["depths"] = string.Join(",", Config.Depths), ["hidden_sizes"] = string.Join(",", Config.HiddenSizes), ["image_size"] = Config.ImageSize,
    };

    /// <param name="pixels">[B, channels, H, W], preprocessed as the weights expect (see <see cref="ResNetPreprocessing"/>).</param>
    /// <returns>The feature grid [B, width, H/32, W/32] and the pooled vector [B, width] (the grid's mean).</returns>
    public (Tensor Grid, Tensor Pooled) Forward(Tensor pixels)
    {
        using var scope = NewDisposeScope();
        var x = maxpool.forward(nn.functional.relu(SampleNorms.Apply(bn1, conv1.forward(pixels))));
        foreach (var stage in new[] { layer1, layer2, layer3, layer4 })
            foreach (var block in stage) x = block.forward(x);
        var pooled = x.mean(new long[] { 2, 3 });
        return (x.MoveToOuterDisposeScope(), pooled.MoveToOuterDisposeScope());
    }

    /// <summary>The feature grid as a sequence of image tokens: [B, width, h, w] → [B, h·w, width], row by row.</summary>
    public static Tensor ToTokens(Tensor grid) => grid.flatten(2).transpose(1, 2);
}
