using System.Text.Json;
using MedPeft.IO;
using MedPeft.Models;
using MedPeft.Models.Configs;
using MedPeft.Models.Weights;
using MedPeft.Tests.Models;
using TorchSharp;

namespace MedPeft.Tests.Fuzzing;

/// <summary>
/// The <c>config.json</c> of a model folder, and the shard index of a sharded one, under seeded mutations
/// (<see cref="FuzzRun"/>): every case builds the model and loads its weights, or ends in one
/// <see cref="MedPeftException"/> naming a file of the folder. A size of 0, a negative or an absurd one must be
/// refused before LibTorch sees it, and sizes the weights do not have before a model of those sizes is allocated.
/// </summary>
[Trait("Category", "Fuzz")]
[Collection(nameof(FuzzCollection))]
public class ModelConfigFuzzTests
{
    [Theory]
    [InlineData("bert")]
    [InlineData("blip_vqa")]
    [InlineData("clip_vision")]
    [InlineData("llama")]
    [InlineData("llava")]
    public void EveryMutatedConfigLoadsOrFailsWithOneClearError(string hfCase)
    {
        using var folder = new TemporaryFolder();
        var model = Path.Combine(folder.Path, hfCase);
        Directory.CreateDirectory(model);
        foreach (var file in new[] { HfModelLoader.ConfigFile, "model.safetensors" })
            File.Copy(Path.Combine(TestData.HfCase(hfCase), file), Path.Combine(model, file));
        var config = Path.Combine(model, HfModelLoader.ConfigFile);

        var outcome = FuzzRun.Check(MutationFuzzer.Cases([File.ReadAllBytes(config)], FuzzRun.Cases, seed: 18_500, FuzzCorpus.WholeFile),
            config, _ => HfModelLoader.Load(model).Dispose(), named: model);

        Assert.True(outcome.Accepted > 0 && outcome.Refused > 0, $"{outcome}");
    }

    /// <summary>BLIP with a ResNet image encoder (MedPeft's extension), built on the meta device: it has no fixture weights.</summary>
    [Fact]
    public void EveryMutatedResNetBlipConfigBuildsOrFailsWithOneClearError()
    {
        using var folder = new TemporaryFolder();
        const string valid = TinyConfigs.ResNetBlip;

        var outcome = FuzzRun.Check(MutationFuzzer.Cases([System.Text.Encoding.UTF8.GetBytes(valid)], FuzzRun.Cases, seed: 18_550, FuzzCorpus.WholeFile),
            folder.File(HfModelLoader.ConfigFile), path => HfModelLoader.Build(ConfigObject.Load(path), device: torch.META).Dispose());

        Assert.True(outcome.Accepted > 0 && outcome.Refused > 0, $"{outcome}");
    }

    /// <summary>The LLaMA fixture as two shards and their <c>model.safetensors.index.json</c>.</summary>
    [Fact]
    public void EveryMutatedShardIndexLoadsOrFailsWithOneClearError()
    {
        using var folder = new TemporaryFolder();
        using var scope = torch.NewDisposeScope();
        var model = Path.Combine(folder.Path, "llama");
        Directory.CreateDirectory(model);
        File.Copy(Path.Combine(TestData.HfCase("llama"), HfModelLoader.ConfigFile), Path.Combine(model, HfModelLoader.ConfigFile));
        var tensors = SafeTensorsFile.Open(Path.Combine(TestData.HfCase("llama"), CheckpointReader.SingleFile)).ReadAll();
        var weightMap = tensors.Keys.Order(StringComparer.Ordinal).Select((name, i) => (name, shard: $"model-0000{1 + i % 2}-of-00002.safetensors"))
            .ToDictionary(t => t.name, t => t.shard);
        foreach (var shard in weightMap.Values.Distinct())
            SafeTensorsWriter.Save(Path.Combine(model, shard), weightMap.Where(kv => kv.Value == shard).ToDictionary(kv => kv.Key, kv => tensors[kv.Key]));
        var valid = JsonSerializer.SerializeToUtf8Bytes(new { metadata = new { total_size = 0 }, weight_map = weightMap });

        var outcome = FuzzRun.Check(MutationFuzzer.Cases([valid], FuzzRun.Cases, seed: 18_580, FuzzCorpus.WholeFile),
            Path.Combine(model, CheckpointReader.IndexFile), _ => HfModelLoader.Load(model).Dispose(), named: model);

        Assert.True(outcome.Accepted > 0 && outcome.Refused > 0, $"{outcome}");
    }
}
