using System.Text.Json.Nodes;
using MedPeft.IO;
using MedPeft.Nn;
using MedPeft.Peft;
using MedPeft.Peft.Adapters;
using MedPeft.Peft.Attention;
using MedPeft.Peft.Ia3;
using MedPeft.Peft.Lora;
using MedPeft.Peft.Prefix;
using MedPeft.Peft.Prompt;
using MedPeft.Runs;
using MedPeft.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace MedPeft.Tests.Peft;

/// <summary>
/// Runs alone: the adapters are drawn from torch's global generator, which tests running in parallel
/// would draw from too.
/// </summary>
[CollectionDefinition(nameof(SeededDrawsCollection), DisableParallelization = true)]
public sealed class SeededDrawsCollection;

/// <summary>
/// Adapters and a <c>run.json</c> written before the methods became tuners (TestData/adapters-v1):
/// they load with their tensors, and the same seed and plan write them again byte for byte.
/// </summary>
[Collection(nameof(SeededDrawsCollection))]
public class AdapterCompatibilityTests : IDisposable
{
    readonly TemporaryFolder folder = new();

    public void Dispose() => folder.Dispose();

    /// <summary>Every option away from its default, and sizes kept small so the files stay small.</summary>
    static readonly PeftOptions Written = new PeftOptions()
        .With(new LoraOptions { Rank = 4, Alpha = 16, Dropout = 0.05, Targets = ["q", "v", "ffn"] }).With(new Ia3Options { Targets = ["k", "ffn"] })
        .With(new AttentionOptions { Projections = ["q", "k", "v"], Kinds = [AttentionKind.Self, AttentionKind.Cross] })
        .With(new PrefixOptions { Tokens = 3, Hidden = 16 }).With(new PromptOptions { Tokens = 2 }).With(new AdapterOptions { Size = 8 });

    /// <summary>Adapter folder, model family and plan: together every method that adds layers or selects parameters.</summary>
    public static readonly TheoryData<string, string, string> Adapters = new()
    {
        { "blip-ln-lora-ia3", "blip", "ln+lora+ia3" },
        { "blip-prefix-prompt-adapter", "blip", "prefix@text-encoder+ptuning-v2@decoder+prompt+adapter" },
        { "llava-lora", "llava", "lora" },
        { "llava-attn-bitfit-full", "llava", "attn+bitfit@vision+full@projector" },
    };

    static string Saved(string name) => TestData.Path("adapters-v1", name);

    /// <summary>Applies the plan from seed 11, moves every trainable tensor off its initial value, and saves the adapter.</summary>
    static PeftModel Write(string family, string plan, string directory)
    {
        var model = TinyModel.Load(family).Model;
        torch.manual_seed(11);
        var peft = PeftModel.Apply(model, PeftPlan.Parse(plan), Written);
        using (torch.no_grad())
            foreach (var (_, parameter) in peft.Trainable)
                parameter.add_(torch.randn_like(parameter) * 0.01);
        AdapterFiles.Save(peft, directory, family);
        return peft;
    }

    [Theory]
    [MemberData(nameof(Adapters))]
    public void TheSameSeedWritesTheSameFiles(string name, string family, string plan)
    {
        using var scope = NewDisposeScope();
        Write(family, plan, folder.Path);

        var expected = Directory.GetFiles(Saved(name)).Select(Path.GetFileName).Order().ToList();
        Assert.Equal(expected, Directory.GetFiles(folder.Path).Select(Path.GetFileName).Order().ToList());
        foreach (var file in expected)
            Assert.True(File.ReadAllBytes(Path.Combine(Saved(name), file!)).SequenceEqual(File.ReadAllBytes(folder.File(file!))), $"{name}/{file} differs");
    }

    [Theory]
    [MemberData(nameof(Adapters))]
    public void SavedAdaptersLoadWithTheirTensors(string name, string family, string plan)
    {
        using var scope = NewDisposeScope();
        var loaded = AdapterFiles.Load(TinyModel.Load(family).Model, Saved(name));
        var written = Write(family, plan, folder.Path);

        Assert.Equal(written.Applied.Select(a => (a.Item.Method, string.Join(":", a.Components))), loaded.Applied.Select(a => (a.Item.Method, string.Join(":", a.Components))));
        Assert.Equal(written.Trainable.Select(p => p.Name), loaded.Trainable.Select(p => p.Name));
        foreach (var ((_, expected), (parameterName, actual)) in written.Trainable.Zip(loaded.Trainable))
            Assert.True(expected.equal(actual).all().item<bool>(), parameterName);
        // The options read are written back unchanged (the plan is written as applied, with its components).
        AdapterFiles.Save(loaded, folder.File("again"), family);
        Assert.Equal(OptionsJson(Saved(name)), OptionsJson(folder.File("again")));
    }

    static string OptionsJson(string adapter) => JsonNode.Parse(File.ReadAllText(Path.Combine(adapter, AdapterFiles.ConfigFile)))!["options"]!.ToJsonString();

    [Fact]
    public void SavedLoraLoadsAsAnHfPeftAdapter()
    {
        using var scope = NewDisposeScope();
        Directory.CreateDirectory(folder.File("hf"));
        foreach (var file in new[] { "adapter_config.json", AdapterFiles.WeightsFile })
            File.Copy(Path.Combine(Saved("llava-lora"), file), Path.Combine(folder.File("hf"), file));

        var loaded = AdapterFiles.Load(TinyModel.Load("llava").Model, folder.File("hf"));

        var saved = SafeTensorsFile.Open(Path.Combine(Saved("llava-lora"), AdapterFiles.WeightsFile));
        Assert.Equal(saved.Entries.Count, loaded.Trainable.Count);
        foreach (var (parameterName, parameter) in loaded.Trainable)
        {
            using var expected = saved.Read(AdapterFiles.KeyPrefix + parameterName, parameter.dtype);
            Assert.True(expected.equal(parameter).all().item<bool>(), parameterName);
        }
        Assert.Equal(Written.Get<LoraOptions>() with { Targets = [] }, loaded.Options.Get<LoraOptions>() with { Targets = [] });
    }

    /// <summary>
    /// A run.json of an earlier version (so --resume continues its run) reads into the same settings and is written
    /// back with them unchanged; only the derived "plan" and "dataset_options" it then carried are no longer written,
    /// and a setting added since ("training.gradient_checkpointing") is written with its default ("training.precision" is
/// written only when not fp32).
    /// </summary>
    [Fact]
    public void SavedRunDescriptionIsReadAndWrittenBackWithTheSameSettings()
    {
        RunSpec.Load(Saved("run")).Save(folder.Path);

        var saved = JsonNode.Parse(File.ReadAllText(Path.Combine(Saved("run"), RunSpec.FileName)))!.AsObject();
        var written = JsonNode.Parse(File.ReadAllText(folder.File(RunSpec.FileName)))!.AsObject();
        Assert.NotNull(saved["plan"]);
        Assert.NotNull(saved["dataset_options"]);
        saved.Remove("plan");
        saved.Remove("dataset_options");
        saved["training"]!["gradient_checkpointing"] = false;
        Assert.True(JsonNode.DeepEquals(saved, written), written.ToJsonString());
    }
}
