using MedPeft.IO;
using MedPeft.Models.ResNet;
using TorchSharp;
using static TorchSharp.torch;

namespace MedPeft.Tests.Models.ResNet;

public class ResNetEncoderTests : IDisposable
{
    readonly string folder = Directory.CreateTempSubdirectory("medpeft-resnet-").FullName;

    public void Dispose() => Directory.Delete(folder, recursive: true);

    static ResNetConfig Config(int[] depths, int[] widths, int imageSize = 224) => new(depths, widths, widths[0], 3, imageSize, 1e-5);

    [Fact]
    public void ResNet18LayoutHasTorchvisionsNamesAndParameterCount()
    {
        using var encoder = new ResNetEncoder(Config(new[] { 2, 2, 2, 2 }, new[] { 64, 128, 256, 512 }));
        var state = encoder.state_dict();
        // torchvision's resnet18 state dict has 122 entries and 11,689,512 parameters; 2 entries and 513,000 are its fc head.
        Assert.Equal(120, state.Count);
        Assert.Equal(11_689_512 - 513_000, encoder.parameters().Sum(p => p.numel()));
        foreach (var name in new[] { "conv1.weight", "bn1.running_mean", "bn1.num_batches_tracked", "layer1.1.conv2.weight", "layer2.0.downsample.0.weight", "layer4.0.downsample.1.running_var" })
            Assert.Contains(name, state.Keys);
        Assert.DoesNotContain("layer1.0.downsample.0.weight", state.Keys);
        Assert.Equal(new long[] { 128, 64, 1, 1 }, state["layer2.0.downsample.0.weight"].shape);
    }

    [Fact]
    public void GridTokensAreTheGridsPositionsRowByRow()
    {
        using var scope = NewDisposeScope();
        using var encoder = new ResNetEncoder(Config(new[] { 1, 1, 1, 1 }, new[] { 8, 8, 16, 16 }, 64));
        encoder.eval();
        var (grid, pooled) = encoder.Forward(torch.randn(2, 3, 64, 64));
        Assert.Equal(new long[] { 2, 16, 2, 2 }, grid.shape);
        var tokens = ResNetEncoder.ToTokens(grid);
        Assert.Equal(new long[] { 2, 4, 16 }, tokens.shape);
        Assert.True(tokens[.., 1].eq(grid[.., .., 0, 1]).all().item<bool>());
        Assert.True(tokens[.., 2].eq(grid[.., .., 1, 0]).all().item<bool>());
        Assert.True(pooled.allclose(tokens.mean(new long[] { 1 })));
    }

    [Fact]
    public void SavedBatchNormStatisticsAndConfigLoadBack()
    {
        using var scope = NewDisposeScope();
        var config = Config(new[] { 1, 1, 1, 1 }, new[] { 8, 8, 16, 16 }, 64);
        using var original = new ResNetEncoder(config);
        using (torch.no_grad())
        {
            original.bn1.running_mean!.copy_(torch.arange(8, dtype: ScalarType.Float32));
            original.layer3[0].bn2.running_var!.fill_(4.0);
        }
        config.Save(Path.Combine(folder, "config.json"));
        SafeTensorsWriter.Save(Path.Combine(folder, "model.safetensors"), original.state_dict());

        using var loaded = ResNetEncoder.FromPretrained(folder);
        Assert.Equal(config.Depths, loaded.Config.Depths);
        Assert.Equal(config.HiddenSizes, loaded.Config.HiddenSizes);
        Assert.Equal(Enumerable.Range(0, 8).Select(i => (float)i), loaded.bn1.running_mean!.data<float>().ToArray());
        original.eval();
        var input = torch.randn(1, 3, 64, 64);
        Assert.True(loaded.Forward(input).Pooled.allclose(original.Forward(input).Pooled));
    }

    [Fact]
    public void ConfigWithMismatchedStageListsNamesTheFile()
    {
        var path = Path.Combine(folder, "config.json");
        File.WriteAllText(path, """{"model_type": "resnet", "depths": [2, 2, 2, 2], "hidden_sizes": [64, 128, 256]}""");
        var error = Assert.Throws<MedPeftException>(() => ResNetConfig.Load(path));
        Assert.StartsWith($"{path}: 'depths' (4 stages) and 'hidden_sizes' (3)", error.Message);
    }
}
