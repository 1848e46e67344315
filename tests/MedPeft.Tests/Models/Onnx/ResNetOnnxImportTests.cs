using MedPeft.Cli;
using MedPeft.Models.Onnx;
using MedPeft.Models.ResNet;
using TorchSharp;
using Xunit.Abstractions;
using static TorchSharp.torch;

namespace MedPeft.Tests.Models.Onnx;

/// <summary>The shipped ResNet18, imported once through the CLI and loaded back from the written folder.</summary>
public sealed class ImportedResNet18 : IDisposable
{
    readonly string root = Directory.CreateTempSubdirectory("medpeft-resnet18-").FullName;
    public string Folder => Path.Combine(root, "resnet18");
    public string CliOutput { get; }
    internal ResNetEncoder Encoder { get; }
    internal ResNetPreprocessing Preprocessing { get; }
    public OrtReference Model { get; } = new(BuiltInOnnxModels.ResNet18Path);
    public OrtReference Preprocess { get; } = new(BuiltInOnnxModels.ResNetPreprocessPath);

    public ImportedResNet18()
    {
        var output = new StringWriter();
        var error = new StringWriter();
        int code = CliApp.Run(new[] { "import", "onnx", "--model", "resnet18", "--out", Folder }, output, error);
        if (code != ExitCodes.Success) throw new InvalidOperationException($"import exited with {code}: {error}");
        CliOutput = output.ToString();
        Encoder = ResNetEncoder.FromPretrained(Folder);
        Preprocessing = ResNetPreprocessing.Load(Folder);
    }

    public void Dispose()
    {
        Encoder.Dispose();
        Model.Dispose();
        Preprocess.Dispose();
        Directory.Delete(root, recursive: true);
    }
}

public class ResNetOnnxImportTests : IClassFixture<ImportedResNet18>
{
    const double Tolerance = 1e-4;
    readonly ImportedResNet18 model;
    readonly ITestOutputHelper log;

    public ResNetOnnxImportTests(ImportedResNet18 model, ITestOutputHelper log) => (this.model, this.log) = (model, log);

    Tensor Preprocessed(string image)
    {
        using var rgb = TestImages.ReadPpm(image);
        return model.Preprocessing.Apply(rgb.unsqueeze(0));
    }

    [Fact]
    public void PooledFeaturesMatchOnnxRuntimeOnRealAndRandomImages()
    {
        using var scope = NewDisposeScope();
        torch.manual_seed(7);
        var inputs = new[]
        {
            Preprocessed("retina.ppm"), Preprocessed("cell.ppm"),
            torch.randn(1, 3, 224, 224) * 60, torch.rand(1, 3, 224, 224) * 255 - 128,
        };
        var batch = torch.cat(inputs, 0);
        Tensor grid, pooled;
        using (torch.no_grad()) (grid, pooled) = model.Encoder.Forward(batch);

        Assert.Equal(new long[] { 4, 512, 7, 7 }, grid.shape);
        Assert.Equal(new long[] { 4, 49, 512 }, ResNetEncoder.ToTokens(grid).shape);
        double worst = 0;
        for (int i = 0; i < inputs.Length; i++)
        {
            var reference = model.Model.Run(new Dictionary<string, Tensor> { [model.Model.InputNames[0]] = inputs[i] }).Values.Single().reshape(512);
            double error = (pooled[i] - reference).abs().max().item<float>();
            log.WriteLine($"input {i}: max |pooled - onnxruntime| = {error:E2} (features up to {reference.abs().max().item<float>():F2})");
            worst = Math.Max(worst, error);
        }
        Assert.InRange(worst, 0, Tolerance);
    }

    [Fact]
    public void PreprocessingMatchesOnnxRuntime()
    {
        using var scope = NewDisposeScope();
        var rgb = TestImages.ReadPpm("retina.ppm").unsqueeze(0);
        var reference = model.Preprocess.Run(new Dictionary<string, Tensor> { [model.Preprocess.InputNames[0]] = rgb }).Values.Single();
        var ours = model.Preprocessing.Apply(rgb);
        Assert.InRange((ours - reference).abs().max().item<float>(), 0, Tolerance);
        // BGR order: channel 0 of the result comes from the blue channel of the input.
        Assert.Equal((rgb[0, 2, 100, 100] - model.Preprocessing.MeanImage[0, 100, 100]).item<float>(), ours[0, 0, 100, 100].item<float>());
    }

    [Fact]
    public void WeightsAreTrained_AnImageIsCloserToItsFlippedCopyThanToAnotherImage()
    {
        using var scope = NewDisposeScope();
        var retina = Preprocessed("retina.ppm");
        var rgb = TestImages.ReadPpm("retina.ppm").flip(-1).unsqueeze(0);
        var flipped = model.Preprocessing.Apply(rgb);
        var cell = Preprocessed("cell.ppm");
        Tensor pooled;
        using (torch.no_grad()) (_, pooled) = model.Encoder.Forward(torch.cat(new[] { retina, flipped, cell }, 0));
        double same = nn.functional.cosine_similarity(pooled[0], pooled[1], 0).item<float>();
        double other = nn.functional.cosine_similarity(pooled[0], pooled[2], 0).item<float>();
        log.WriteLine($"cosine retina/flipped retina {same:F3}, retina/cell {other:F3}");
        Assert.True(same > other + 0.2, $"cosine with the flipped copy {same:F3}, with another image {other:F3}");
    }

    [Fact]
    public void ConfigFollowsTheGraphsBlocks()
    {
        var graph = global::Onnx.ModelProto.Parser.ParseFrom(File.ReadAllBytes(BuiltInOnnxModels.ResNet18Path)).Graph;
        var config = model.Encoder.Config;
        int convs = graph.Node.Count(n => n.OpType == "Conv");
        // Stem conv, two per block, and a 1x1 shortcut at the start of stages 2-4.
        Assert.Equal(1 + 2 * config.Depths.Sum() + 3, convs);
        Assert.Equal(new[] { 64, 128, 256, 512 }, config.HiddenSizes);
        Assert.Equal(new[] { 2, 2, 2, 3 }, config.Depths); // ML.NET's "ResNet18" has a third block in its last stage
        Assert.Equal(1e-5, config.BatchNormEps);
        Assert.Contains("ResNetEncoder, 15,897,152 parameters", model.CliOutput);
        Assert.True(File.Exists(Path.Combine(model.Folder, "config.json")));
    }
}
