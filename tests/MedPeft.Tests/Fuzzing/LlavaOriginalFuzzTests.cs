using System.Text.Json.Nodes;
using MedPeft.IO;
using MedPeft.Models;
using MedPeft.Models.Weights;
using MedPeft.Tests.Models;

namespace MedPeft.Tests.Fuzzing;

/// <summary>
/// The readers of LLaVA-Med's released layout under seeded mutations (<see cref="FuzzRun"/>): its
/// <c>config.json</c> (text model fields at the top level, <c>mm_*</c> fields, the vision tower located by a
/// model-relative path) and a <c>pytorch_model.bin</c> (a zip holding a pickle, read by a restricted
/// unpickler). Every case loads the model or ends in one <see cref="MedPeftException"/> naming the model folder.
/// </summary>
[Trait("Category", "Fuzz")]
[Collection(nameof(FuzzCollection))]
public class LlavaOriginalFuzzTests
{
    [Fact]
    public void EveryMutatedOriginalLayoutConfigLoadsOrFailsWithOneClearError()
    {
        using var folder = new TemporaryFolder();
        var model = CopyCase(folder);
        var config = Path.Combine(model, HfModelLoader.ConfigFile);

        var outcome = FuzzRun.Check(MutationFuzzer.Cases([File.ReadAllBytes(config)], FuzzRun.Cases, seed: 13_100, FuzzCorpus.WholeFile),
            config, _ => HfModelLoader.Load(model).Dispose(), named: folder.Path);

        Assert.True(outcome.Accepted > 0 && outcome.Refused > 0, $"{outcome}");
    }

    [Fact]
    public void EveryMutatedPyTorchCheckpointLoadsOrFailsWithOneClearError()
    {
        using var folder = new TemporaryFolder();
        var model = CopyCase(folder);
        var safetensors = Path.Combine(model, CheckpointReader.SingleFile);
        var weights = Path.Combine(model, PyTorchCheckpoint.SingleFile);
        using (var scope = TorchSharp.torch.NewDisposeScope())
            PyTorchZipWriter.Save(weights, SafeTensorsFile.Open(safetensors).ReadAll());
        File.Delete(safetensors);

        var outcome = FuzzRun.Check(MutationFuzzer.Cases([File.ReadAllBytes(weights)], FuzzRun.Cases, seed: 13_200),
            weights, _ => HfModelLoader.Load(model).Dispose(), named: model);

        Assert.True(outcome.Accepted > 0 && outcome.Refused > 0, $"{outcome}");
    }

    /// <summary>The fixture's model folder, with its vision tower beside it, which the config names relatively.</summary>
    static string CopyCase(TemporaryFolder folder)
    {
        FuzzCorpus.CopyFolder(TestData.HfCase("llava_med_original"), folder.Path);
        var model = Path.Combine(folder.Path, "model");
        var config = Path.Combine(model, HfModelLoader.ConfigFile);
        var json = JsonNode.Parse(File.ReadAllText(config))!.AsObject();
        json["mm_vision_tower"] = "../vision_tower";
        File.WriteAllText(config, json.ToJsonString());
        return model;
    }
}
