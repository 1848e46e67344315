using System.Text.Json;
using MedPeft.Peft;
using MedPeft.Peft.Lora;
using MedPeft.Peft.Tuners;
using TorchSharp;
using static TorchSharp.torch;

namespace MedPeft.Tests.Peft;

/// <summary>Adapters hold only the trained tensors and reload to identical outputs; LoRA merges exactly.</summary>
public class AdapterFilesTests : IDisposable
{
    readonly TemporaryFolder folder = new();

    public void Dispose() => folder.Dispose();

    static void Train(TinyModel tiny, PeftModel peft, int steps = 2)
    {
        using var optimizer = torch.optim.AdamW(peft.Optimized.Select(p => p.Parameter), lr: 1e-2, weight_decay: 0);
        tiny.Model.Module.train();
        for (int i = 0; i < steps; i++)
        {
            optimizer.zero_grad();
            using var loss = tiny.Loss();
            loss.backward();
            optimizer.step();
        }
        tiny.Model.Module.eval();
    }

    public static TheoryData<string, string> Methods()
    {
        var data = new TheoryData<string, string>();
        foreach (var family in new[] { "blip", "llava" })
            foreach (var method in TunerRegistry.Default.Names.Where(m => m != "frozen"))
                data.Add(family, method);
        data.Add("llava", "lora@llm+ln@vision");
        return data;
    }

    [Theory]
    [MemberData(nameof(Methods))]
    public void SaveThenLoadGivesIdenticalOutputs(string family, string method)
    {
        using var scope = NewDisposeScope();
        var trained = TinyModel.Load(family);
        var peft = PeftModel.Apply(trained.Model, PeftPlan.Parse(method), new PeftOptions());
        Train(trained, peft);
        var expected = trained.Logits();
        AdapterFiles.Save(peft, folder.Path, family);

        var fresh = TinyModel.Load(family);
        var loaded = AdapterFiles.Load(fresh.Model, folder.Path);
        fresh.Model.Module.eval();

        Assert.Equal(peft.Applied.Select(a => $"{a.Item.Method}@{string.Join(":", a.Components)}"),
            loaded.Applied.Select(a => $"{a.Item.Method}@{string.Join(":", a.Components)}"));
        Assert.Equal(0.0, TinyModel.MaxDifference(expected, fresh.Logits()));
        var saved = MedPeft.IO.SafeTensorsFile.Open(Path.Combine(folder.Path, AdapterFiles.WeightsFile));
        Assert.Equal(peft.Trainable.Count, saved.Entries.Count);
    }

    [Theory]
    [InlineData("blip")]
    [InlineData("llava")]
    public void LoraMergedAndUnmergedAgree(string family)
    {
        using var scope = NewDisposeScope();
        var tiny = TinyModel.Load(family);
        var peft = PeftModel.Apply(tiny.Model, PeftPlan.Parse("lora"), new PeftOptions().With(new LoraOptions { Targets = ["q", "k", "v", "o", "ffn"] }));
        Train(tiny, peft);
        var unmerged = tiny.Logits();
        foreach (var lora in peft.Adapters.OfType<LoraAdapter>()) lora.Merge();
        var merged = tiny.Logits();
        foreach (var lora in peft.Adapters.OfType<LoraAdapter>()) lora.Unmerge();
        var again = tiny.Logits();

        Assert.True(TinyModel.MaxDifference(unmerged, merged) < 1e-5, $"merged differs by {TinyModel.MaxDifference(unmerged, merged)}");
        Assert.True(TinyModel.MaxDifference(unmerged, again) < 1e-5);
        Assert.True(TinyModel.MaxDifference(unmerged, tiny.Logits()) < 1e-5);
    }

    [Fact]
    public void LoraAdapterIsWrittenInPeftFormat()
    {
        var tiny = TinyModel.Load("llava");
        var peft = PeftModel.Apply(tiny.Model, PeftPlan.Parse("lora"), new PeftOptions());
        AdapterFiles.Save(peft, folder.Path, "../llava");

        using var config = JsonDocument.Parse(File.ReadAllText(Path.Combine(folder.Path, "adapter_config.json")));
        Assert.Equal("LORA", config.RootElement.GetProperty("peft_type").GetString());
        Assert.Equal(8, config.RootElement.GetProperty("r").GetInt32());
        var keys = MedPeft.IO.SafeTensorsFile.Open(Path.Combine(folder.Path, AdapterFiles.WeightsFile)).Entries.Keys;
        Assert.Contains("base_model.model.language_model.model.layers.0.self_attn.q_proj.lora_A.weight", keys);
        Assert.Contains("base_model.model.language_model.model.layers.1.self_attn.v_proj.lora_B.weight", keys);
        Assert.Equal(8, keys.Count());
        // The regex PEFT will match module names against selects exactly the adapted layers.
        var pattern = new System.Text.RegularExpressions.Regex(config.RootElement.GetProperty("target_modules").GetString()!);
        Assert.Matches(pattern, "language_model.model.layers.0.self_attn.q_proj");
        Assert.DoesNotMatch(pattern, "language_model.model.layers.0.self_attn.k_proj");
    }

    [Fact]
    public void MergeCommandWritesACheckpointWithTheAdaptedOutputs()
    {
        using var scope = NewDisposeScope();
        var tiny = TinyModel.Load("llava");
        var peft = PeftModel.Apply(tiny.Model, PeftPlan.Parse("lora+ln@vision"), new PeftOptions());
        Train(tiny, peft);
        var adapted = tiny.Logits();
        var adapter = Path.Combine(folder.Path, "adapter");
        AdapterFiles.Save(peft, adapter, "llava");
        var merged = Path.Combine(folder.Path, "merged");

        var result = CliRunner.Run("merge", "--model", TestData.HfCase("llava"), "--adapter", adapter, "--out", merged);

        Assert.Equal(0, result.ExitCode);
        var reloaded = MedPeft.Models.HfModelLoader.Load(merged);
        var inputs = MedPeft.IO.SafeTensorsFile.Open(Path.Combine(TestData.HfCase("llava"), "inputs.safetensors")).ReadAll();
        var logits = ((MedPeft.Models.Llava.LlavaForConditionalGeneration)reloaded).Forward(inputs["input_ids"], inputs["pixel_values"], inputs["attention_mask"], null, MedPeft.Models.OutputRequest.None).Logits;
        Assert.True(TinyModel.MaxDifference(adapted, logits) < 1e-5);
    }

    [Fact]
    public void MergedCheckpointKeepsTheBaseFoldersTokenizerAndPreprocessorFiles()
    {
        var data = Path.Combine(folder.Path, "data");
        Directory.CreateDirectory(data);
        File.WriteAllText(Path.Combine(data, "train.jsonl"), "{\"question\": \"is there a lesion?\", \"answer\": \"yes\"}\n");
        var model = Training.TinyModelFolders.Blip(Path.Combine(folder.Path, "model"), data);
        const string preprocessor = """{"do_resize": true, "size": {"height": 64, "width": 64}}""";
        File.WriteAllText(Path.Combine(model, "preprocessor_config.json"), preprocessor);
        var adapter = Path.Combine(folder.Path, "adapter");
        using (var loaded = MedPeft.Models.HfModelLoader.Load(model))
            AdapterFiles.Save(PeftModel.Apply(loaded, PeftPlan.Parse("ln"), new PeftOptions()), adapter, model);
        var merged = Path.Combine(folder.Path, "merged");

        var result = CliRunner.Run("merge", "--model", model, "--adapter", adapter, "--out", merged);

        Assert.Equal(0, result.ExitCode);
        Assert.Equal(File.ReadAllLines(Path.Combine(model, "vocab.txt")), File.ReadAllLines(Path.Combine(merged, "vocab.txt")));
        Assert.Equal(preprocessor, File.ReadAllText(Path.Combine(merged, "preprocessor_config.json")));
        Assert.False(File.Exists(Path.Combine(merged, "tokenizer.model")));
    }

    [Fact]
    public void MergeRefusesPrefixAdapters()
    {
        var tiny = TinyModel.Load("blip");
        var peft = PeftModel.Apply(tiny.Model, PeftPlan.Parse("prefix"), new PeftOptions());
        AdapterFiles.Save(peft, folder.Path, "blip");

        var result = CliRunner.Run("merge", "--model", TestData.HfCase("blip_vqa"), "--adapter", folder.Path, "--out", Path.Combine(folder.Path, "out"));

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("cannot be merged", result.Error);
        Assert.False(Directory.Exists(Path.Combine(folder.Path, "out")));
    }

    [Fact]
    public void AdapterForAnotherBaseModelIsRefused()
    {
        var tiny = TinyModel.Load("blip");
        var peft = PeftModel.Apply(tiny.Model, PeftPlan.Parse("ln"), new PeftOptions());
        AdapterFiles.Save(peft, folder.Path, "blip");

        var result = CliRunner.Run("merge", "--model", "tiny-llava", "--adapter", folder.Path, "--out", Path.Combine(folder.Path, "out"));

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("does not fit the model", result.Error);
        Assert.Contains("'blip'", result.Error);
    }

    [Fact]
    public void AdapterWithAMissingTensorNamesIt()
    {
        var tiny = TinyModel.Load("llava");
        var peft = PeftModel.Apply(tiny.Model, PeftPlan.Parse("ln"), new PeftOptions());
        AdapterFiles.Save(peft, folder.Path, "llava");
        var weights = Path.Combine(folder.Path, AdapterFiles.WeightsFile);
        var tensors = MedPeft.IO.SafeTensorsFile.Open(weights).ReadAll();
        tensors.Remove("base_model.model.language_model.model.norm.weight");
        MedPeft.IO.SafeTensorsWriter.Save(weights, tensors);

        var error = Assert.Throws<MedPeftException>(() => AdapterFiles.Load(TinyModel.Load("llava").Model, folder.Path));
        Assert.Contains("language_model.model.norm.weight", error.Message);
    }
}
