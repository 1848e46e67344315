using MedPeft.IO;
using MedPeft.Models;
using MedPeft.Models.Llava;
using MedPeft.Peft;
using TorchSharp;
using static TorchSharp.torch;

namespace MedPeft.Tests.Peft;

/// <summary>PEFT on a LLaVA read from the original layout: LN tuning trains the norms only, and merge writes the layout it read.</summary>
public class LlavaOriginalPeftTests : IDisposable
{
    readonly TemporaryFolder folder = new();
    static string Case => TestData.HfCase("llava_med_original");
    static string ModelFolder => Path.Combine(Case, "model");
    static string Tower => Path.Combine(Case, "vision_tower");

    public void Dispose() => folder.Dispose();

    static (LlavaForConditionalGeneration Model, Func<LlavaOutput> Run) Load(string? modelFolder = null)
    {
        using var _ = VisionTowerLocator.Use(Tower);
        var model = (LlavaForConditionalGeneration)HfModelLoader.Load(modelFolder ?? ModelFolder);
        var inputs = SafeTensorsFile.Open(Path.Combine(Case, "inputs.safetensors")).ReadAll();
        return (model, () => model.Forward(inputs["input_ids"], inputs["pixel_values"], inputs["attention_mask"], inputs["labels"], OutputRequest.None));
    }

    static void Step(PeftModel peft, Func<LlavaOutput> run)
    {
        using var optimizer = torch.optim.AdamW(peft.Optimized.Select(p => p.Parameter), lr: 1e-2, weight_decay: 0);
        peft.Model.Module.train();
        optimizer.zero_grad();
        using var loss = run().Loss!;
        loss.backward();
        optimizer.step();
        peft.Model.Module.eval();
    }

    [Fact]
    public void OneLnStepChangesOnlyTheNorms()
    {
        using var scope = NewDisposeScope();
        var (model, run) = Load();
        var before = model.named_parameters().ToDictionary(p => p.name, p => p.parameter.detach().clone());
        var peft = PeftModel.Apply(model, PeftPlan.Parse("ln"), new PeftOptions());

        Step(peft, run);

        var changed = model.named_parameters().Where(p => before.TryGetValue(p.name, out var old) && !old.allclose(p.parameter.detach(), 0, 0)).Select(p => p.name).ToList();
        Assert.NotEmpty(changed);
        Assert.All(changed, name => Assert.Matches("layernorm|\\.norm\\.", name));
        Assert.All(changed, name => Assert.StartsWith("language_model.", name)); // ln's default scope for LLaVA is the LLM
    }

    [Fact]
    public void MergeWritesTheOriginalLayoutWithTheTowerInside()
    {
        using var scope = NewDisposeScope();
        var (model, run) = Load();
        var peft = PeftModel.Apply(model, PeftPlan.Parse("lora+ln@vision"), new PeftOptions());
        Step(peft, run);
        var adapted = run().Logits;
        var adapter = Path.Combine(folder.Path, "adapter");
        AdapterFiles.Save(peft, adapter, ModelFolder);
        var merged = Path.Combine(folder.Path, "merged");

        var result = CliRunner.Run("merge", "--model", ModelFolder, "--vision-tower", Tower, "--adapter", adapter, "--out", merged);

        Assert.Equal(0, result.ExitCode);
        var names = SafeTensorsFile.Open(Path.Combine(merged, "model.safetensors")).Entries.Keys.ToList();
        Assert.Contains("model.mm_projector.2.weight", names);
        Assert.Contains("lm_head.weight", names);
        Assert.Contains("model.vision_tower.vision_tower.vision_model.pre_layrnorm.weight", names);
        Assert.DoesNotContain(names, n => n.StartsWith("language_model.", StringComparison.Ordinal));
        var (reloaded, rerun) = Load(merged);
        using (reloaded) Assert.True(TinyModel.MaxDifference(adapted, rerun().Logits) < 1e-5);
    }
}
