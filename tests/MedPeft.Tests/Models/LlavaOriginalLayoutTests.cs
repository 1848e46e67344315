using System.Text.Json.Nodes;
using MedPeft.IO;
using MedPeft.Models;
using MedPeft.Models.Configs;
using MedPeft.Models.Llava;
using MedPeft.Parity;
using TorchSharp;
using static TorchSharp.torch;

namespace MedPeft.Tests.Models;

/// <summary>
/// LLaVA in the original code's layout (LLaVA-Med as released) loads as an HF LLaVA model and reproduces
/// the fixture's outputs: the Mistral and LLaMA text variants, a tuned tower inside the checkpoint, the
/// tower found by path or in the HF cache, and each unsupported setting refused by name.
/// </summary>
public class LlavaOriginalLayoutTests : IDisposable
{
    const string CaseName = "llava_med_original";
    readonly TemporaryFolder folder = new();
    readonly string caseDirectory;

    public LlavaOriginalLayoutTests()
    {
        caseDirectory = Path.Combine(folder.Path, CaseName);
        CopyDirectory(TestData.HfCase(CaseName), caseDirectory);
    }

    public void Dispose() => folder.Dispose();

    string ModelDirectory => Path.Combine(caseDirectory, "model");
    string TowerDirectory => Path.Combine(caseDirectory, "vision_tower");

    static void CopyDirectory(string source, string target)
    {
        Directory.CreateDirectory(target);
        foreach (var file in Directory.GetFiles(source)) File.Copy(file, Path.Combine(target, Path.GetFileName(file)));
        foreach (var sub in Directory.GetDirectories(source)) CopyDirectory(sub, Path.Combine(target, Path.GetFileName(sub)));
    }

    void EditConfig(Action<JsonObject> change)
    {
        var path = Path.Combine(ModelDirectory, "config.json");
        var json = JsonNode.Parse(File.ReadAllText(path))!.AsObject();
        change(json);
        File.WriteAllText(path, json.ToJsonString());
    }

    static void AssertPasses(ParityReport report)
    {
        Assert.True(report.Passed, string.Join("\n", report.Comparisons.Where(c => !c.Passed).Select(c => $"{c.Name}: {c.MaxAbsError} {c.Note}")));
        Assert.True(report.MaxError < 1e-5, $"largest error {report.MaxError}");
    }

    [Fact]
    public void MistralCaseMatchesTheReferenceIncludingThePadPreprocessing()
    {
        var report = ParityRunner.Run(caseDirectory, 1e-4);

        AssertPasses(report);
        Assert.Equal("LlavaMistralForCausalLM", report.Kind);
        Assert.Contains(report.Comparisons, c => c.Name == "preprocess pixel_values");
        Assert.Contains(report.Comparisons, c => c.Name == "logits");
    }

    [Fact]
    public void LlamaTextVariantLoadsWithLlamaDefaults()
    {
        EditConfig(c =>
        {
            c["model_type"] = "llava_llama";
            c["architectures"] = new JsonArray("LlavaLlamaForCausalLM");
            c.Remove("sliding_window");
        });

        var report = ParityRunner.Run(caseDirectory, 1e-4);

        AssertPasses(report);
        Assert.Equal("LlavaLlamaForCausalLM", report.Kind);
        using var _ = VisionTowerLocator.Use(TowerDirectory);
        using var model = (LlavaForConditionalGeneration)HfModelLoader.LoadStructure(ModelDirectory);
        Assert.Equal("llama", model.Config.Text.ModelType);
        Assert.Null(model.Config.Text.SlidingWindow);
    }

    [Fact]
    public void OlderLlavaNameWithMmFieldsIsTheOriginalLayout()
    {
        EditConfig(c => c["model_type"] = "llava");

        AssertPasses(ParityRunner.Run(caseDirectory, 1e-4));
    }

    [Fact]
    public void TowerWeightsInsideTheCheckpointWinOverTheClipFolders()
    {
        var modelWeights = Path.Combine(ModelDirectory, "model.safetensors");
        var towerWeights = Path.Combine(TowerDirectory, "model.safetensors");
        var own = SafeTensorsFile.Open(modelWeights).ReadAll();
        var clip = SafeTensorsFile.Open(towerWeights).ReadAll();
        foreach (var (name, tensor) in clip.Where(kv => kv.Key.StartsWith("vision_model.", StringComparison.Ordinal)))
            own["model.vision_tower.vision_tower." + name] = tensor;
        SafeTensorsWriter.Save(modelWeights, own);
        // The CLIP folder's vision weights are now wrong: only the checkpoint's give the reference outputs.
        SafeTensorsWriter.Save(towerWeights, clip.ToDictionary(kv => kv.Key, kv => kv.Key.StartsWith("vision_model.", StringComparison.Ordinal) ? kv.Value + 1 : kv.Value));

        AssertPasses(ParityRunner.Run(caseDirectory, 1e-4));
    }

    [Theory]
    [InlineData("model-{0}-of-00002.safetensors", "model.safetensors.index.json")]
    [InlineData("pytorch_model-{0}-of-00002.bin", "pytorch_model.bin.index.json")]
    public void ShardedCheckpointLoads(string shardName, string index)
    {
        var weights = Path.Combine(ModelDirectory, "model.safetensors");
        var tensors = SafeTensorsFile.Open(weights).ReadAll();
        File.Delete(weights);
        var names = tensors.Keys.Order(StringComparer.Ordinal).ToList();
        var map = new Dictionary<string, string>();
        for (int shard = 0; shard < 2; shard++)
        {
            var file = string.Format(shardName, $"{shard + 1:D5}");
            var part = names.Where((_, i) => i % 2 == shard).ToDictionary(n => n, n => tensors[n]);
            if (file.EndsWith(".bin", StringComparison.Ordinal)) PyTorchZipWriter.Save(Path.Combine(ModelDirectory, file), part);
            else SafeTensorsWriter.Save(Path.Combine(ModelDirectory, file), part);
            foreach (var name in part.Keys) map[name] = file;
        }
        File.WriteAllText(Path.Combine(ModelDirectory, index), System.Text.Json.JsonSerializer.Serialize(new { weight_map = map }));

        AssertPasses(ParityRunner.Run(caseDirectory, 1e-4));
    }

    /// <summary>
    /// Fuzz case 13202 (28 bytes inserted into pytorch_model.bin before its central directory) ended in .NET's
    /// InvalidDataException: the directory's entries no longer match the count its end record gives.
    /// </summary>
    [Fact]
    public void ADamagedZipArchiveIsRefusedNamingTheFile()
    {
        var weights = Path.Combine(ModelDirectory, "model.safetensors");
        var tensors = SafeTensorsFile.Open(weights).ReadAll();
        File.Delete(weights);
        var bin = Path.Combine(ModelDirectory, "pytorch_model.bin");
        PyTorchZipWriter.Save(bin, tensors);
        var bytes = File.ReadAllBytes(bin);
        int centralDirectory = bytes.AsSpan().IndexOf("PK\u0001\u0002"u8);
        File.WriteAllBytes(bin, [.. bytes[..centralDirectory], .. new byte[28], .. bytes[centralDirectory..]]);

        var result = CliRunner.Run("inspect", "--model", ModelDirectory, "--vision-tower", TowerDirectory);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains($"{bin}: a damaged zip archive", result.Error);
    }

    [Theory]
    [InlineData("os\nsystem", null, "imports 'os.system'")]
    [InlineData("collections\nOrderedDict", (byte)0x81, "Python object")] // NEWOBJ
    public void PickleWithAForbiddenGlobalOrOpcodeIsRefused(string orderedDict, byte? opcode, string message)
    {
        var weights = Path.Combine(ModelDirectory, "model.safetensors");
        var tensors = SafeTensorsFile.Open(weights).ReadAll();
        File.Delete(weights);
        PyTorchZipWriter.Save(Path.Combine(ModelDirectory, "pytorch_model.bin"), tensors, orderedDict.Replace("\\n", "\n"),
            opcode is byte op ? [op] : null);

        var result = CliRunner.Run("inspect", "--model", ModelDirectory, "--vision-tower", TowerDirectory);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("pytorch_model.bin", result.Error);
        Assert.Contains(message, result.Error);
    }

    [Fact]
    public void TowerIsFoundByAModelRelativePath()
    {
        EditConfig(c => c["mm_vision_tower"] = "../vision_tower");

        using var model = HfModelLoader.Load(ModelDirectory);

        Assert.Equal("LlavaMistralForCausalLM", model.Architecture);
    }

    [Fact]
    public void TowerIsFoundInTheHfCacheLayout()
    {
        // huggingface_hub's cache: files are symlinks into blobs/, refs/main names the snapshot.
        var hub = Path.Combine(folder.Path, "hub");
        var repository = Path.Combine(hub, "models--tiny-org--clip-vit-tiny-patch8-32");
        var snapshot = Path.Combine(repository, "snapshots", "0123abcd");
        Directory.CreateDirectory(snapshot);
        Directory.CreateDirectory(Path.Combine(repository, "blobs"));
        Directory.CreateDirectory(Path.Combine(repository, "refs"));
        File.WriteAllText(Path.Combine(repository, "refs", "main"), "0123abcd");
        foreach (var file in Directory.GetFiles(TowerDirectory))
        {
            var blob = Path.Combine(repository, "blobs", Path.GetFileName(file) + ".blob");
            File.Copy(file, blob);
            File.CreateSymbolicLink(Path.Combine(snapshot, Path.GetFileName(file)), Path.Combine("..", "..", "blobs", Path.GetFileName(blob)));
        }
        Directory.Delete(TowerDirectory, recursive: true);
        var config = ConfigObject.Load(Path.Combine(ModelDirectory, "config.json"));

        Assert.Equal(Path.GetFullPath(snapshot), VisionTowerLocator.Find(ModelDirectory, config, hub));
        var llava = LlavaOriginalConfig.From(config, ConfigObject.Load(Path.Combine(snapshot, "config.json")), snapshot);
        var checkpoint = LlavaOriginalFolder.Checkpoint(ModelDirectory, llava);
        Assert.Equal(Path.Combine(snapshot, "model.safetensors"), checkpoint.FileOf("vision_tower.vision_model.post_layernorm.weight"));
    }

    [Fact]
    public void MissingTowerListsEveryPlaceAndTheOption()
    {
        Directory.Delete(TowerDirectory, recursive: true);

        var result = CliRunner.Run("inspect", "--model", ModelDirectory);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("--vision-tower", result.Error);
        Assert.Contains("tiny-org/clip-vit-tiny-patch8-32", result.Error);
        Assert.Contains(Path.Combine(ModelDirectory, "tiny-org/clip-vit-tiny-patch8-32"), result.Error);
        Assert.Contains("models--tiny-org--clip-vit-tiny-patch8-32", result.Error);
    }

    [Fact]
    public void VisionTowerOptionIsUsedByEveryCommand()
    {
        var result = CliRunner.Run("inspect", "--model", ModelDirectory, "--vision-tower", TowerDirectory);

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("LlavaMistralForCausalLM", result.Output);
    }

    [Theory]
    [InlineData("mm_use_im_start_end", "true", "mm_use_im_start_end is true")]
    [InlineData("mm_projector_type", "\"resampler\"", "mm_projector_type 'resampler' is not supported")]
    [InlineData("mm_patch_merge_type", "\"spatial_unpad\"", "mm_patch_merge_type 'spatial_unpad' is not supported")]
    [InlineData("mm_vision_select_feature", "\"cls\"", "mm_vision_select_feature 'cls' is not supported")]
    [InlineData("image_aspect_ratio", "\"anyres\"", "image_aspect_ratio 'anyres' is not supported")]
    [InlineData("mm_hidden_size", "48", "mm_hidden_size (48) differs")]
    public void UnsupportedSettingsAreRefusedByName(string field, string value, string message)
    {
        EditConfig(c => c[field] = JsonNode.Parse(value));

        var result = CliRunner.Run("inspect", "--model", ModelDirectory, "--vision-tower", TowerDirectory);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains(message, result.Error);
        Assert.Contains("config.json", result.Error);
        Assert.DoesNotContain("   at ", result.Error);
    }

    [Fact]
    public void LinearProjectorIsOneBareLinear()
    {
        EditConfig(c => c["mm_projector_type"] = "linear");
        var weights = Path.Combine(ModelDirectory, "model.safetensors");
        var tensors = SafeTensorsFile.Open(weights).ReadAll();
        var weight = tensors["model.mm_projector.0.weight"];
        var bias = tensors["model.mm_projector.0.bias"];
        foreach (var name in tensors.Keys.Where(n => n.StartsWith("model.mm_projector.", StringComparison.Ordinal)).ToList()) tensors.Remove(name);
        tensors["model.mm_projector.weight"] = weight;
        tensors["model.mm_projector.bias"] = bias;
        SafeTensorsWriter.Save(weights, tensors);
        using var _ = VisionTowerLocator.Use(TowerDirectory);
        using var model = (LlavaForConditionalGeneration)HfModelLoader.Load(ModelDirectory);
        using var features = torch.randn(2, 16, 32);

        using var projected = model.multi_modal_projector.forward(features);

        Assert.Single(model.multi_modal_projector.Linears);
        Assert.True(projected.allclose(features.matmul(weight.t()) + bias, 1e-5, 1e-5));
        Assert.Equal("linear", model.Config.Original!.ProjectorType);
    }

    [Fact]
    public void ProjectorNamesMapBothWays()
    {
        Assert.Equal("multi_modal_projector.linear_3.weight", LlavaOriginalNames.ToHf("model.mm_projector.4.weight", 3));
        Assert.Equal("model.mm_projector.4.weight", LlavaOriginalNames.ToOriginal("multi_modal_projector.linear_3.weight", 3));
        Assert.Equal("model.mm_projector.1.weight", LlavaOriginalNames.ToHf("model.mm_projector.1.weight", 2)); // a GELU has no weights
        Assert.Equal("language_model.model.layers.0.mlp.up_proj.weight", LlavaOriginalNames.ToHf("model.layers.0.mlp.up_proj.weight", 2));
        Assert.Equal("vision_tower.vision_model.embeddings.class_embedding", LlavaOriginalNames.ToHf("model.vision_tower.vision_tower.vision_model.embeddings.class_embedding", 2));
        Assert.Equal(3, LlavaOriginalConfig.ProjectorLinears("mlp3x_gelu"));
        Assert.Null(LlavaOriginalConfig.ProjectorLinears("mlp2x_relu"));
    }
}
