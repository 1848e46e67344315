using System.Text.Json.Nodes;
using MedPeft.Data.BuiltIn;
using MedPeft.Data.BuiltIn.Synthetic;
using MedPeft.Models;
using MedPeft.Models.Configs;
using MedPeft.Peft;
using MedPeft.Runs;
using MedPeft.Serving;
using MedPeft.Tests.Training;
using TorchSharp;
using static TorchSharp.torch;

namespace MedPeft.Tests.Serving;

/// <summary>
/// A tiny BLIP folder with its tokenizer, a small synthetic dataset, and adapters with random values (so each answers
/// differently): four <c>ln</c>, two each of <c>bitfit</c>, <c>ia3</c> and <c>lora</c> (all computed per sample), an
/// <c>attn</c> one (values swapped into the base model), a <c>prefix</c> one (a model of its own), and an <c>ln</c>
/// adapter of another base model. One <see cref="InferenceEngine"/> serves them to a class's tests.
/// </summary>
public sealed class ServingFixture : IDisposable
{
    public TemporaryFolder Folder { get; } = new();
    public string Data { get; }
    public string Model { get; }
    /// <summary>The adapter root: every adapter folder below is in it, under its name.</summary>
    public string Root { get; }
    internal InferenceEngine Engine { get; }

    public static readonly string[] LayerNormAdapters = ["ln-a", "ln-b", "ln-c", "ln-d"];
    /// <summary>The adapters computed per sample on the base model, of every method that is.</summary>
    public static readonly string[] PerSampleAdapters = [.. LayerNormAdapters, "bitfit-a", "bitfit-b", "ia3-a", "ia3-b", "lora-a", "lora-b"];
    /// <summary>Every adapter the servers load at start.</summary>
    public static readonly string[] Served = [.. PerSampleAdapters, "attn-a", "prefix-a"];

    public ServingFixture()
    {
        Data = Path.Combine(Folder.Path, "data");
        BuiltInDatasets.EnsureSynthetic(Data, new SyntheticOptions(Seed: 5, Images: 12, QuestionsPerImage: 2, ImageSize: 64));
        Model = TinyModelFolders.Blip(Path.Combine(Folder.Path, "blip"), Data);
        Root = Path.Combine(Folder.Path, "adapters");
        for (int i = 0; i < LayerNormAdapters.Length; i++) MakeAdapter(Model, "ln", LayerNormAdapters[i], seed: 10 + i);
        MakeAdapter(Model, "bitfit", "bitfit-a", seed: 20);
        MakeAdapter(Model, "lora", "lora-a", seed: 21);
        MakeAdapter(Model, "bitfit", "bitfit-b", seed: 22);
        MakeAdapter(Model, "lora", "lora-b", seed: 23);
        MakeAdapter(Model, "ia3", "ia3-a", seed: 24);
        MakeAdapter(Model, "ia3", "ia3-b", seed: 25);
        MakeAdapter(Model, "attn", "attn-a", seed: 26);
        MakeAdapter(Model, "prefix", "prefix-a", seed: 27);
        var other = Path.Combine(Folder.Path, "other-blip");
        Directory.CreateDirectory(other);
        File.Copy(Path.Combine(Model, "vocab.txt"), Path.Combine(other, "vocab.txt"));
        var config = File.ReadAllText(Path.Combine(Model, "config.json")).Replace("\"intermediate_size\": 64", "\"intermediate_size\": 48");
        File.WriteAllText(Path.Combine(other, "config.json"), config);
        using (var otherModel = HfModelLoader.Build(new ConfigObject((JsonObject)JsonNode.Parse(config)!, "other config")))
            MedPeft.IO.SafeTensorsWriter.Save(Path.Combine(other, "model.safetensors"), otherModel.Module.named_parameters().ToDictionary(p => p.name, p => (Tensor)p.parameter));
        MakeAdapter(other, "ln", "other-base", seed: 30);
        Engine = new InferenceEngine(Model, template: null, device: "cpu");
    }

    public string Adapter(string name) => Path.Combine(Root, name);

    /// <summary>An adapter of <paramref name="method"/> whose trained tensors are drawn at random (large enough to change answers).</summary>
    void MakeAdapter(string model, string method, string name, int seed)
    {
        using var scope = NewDisposeScope();
        using var loaded = RunLoader.Model(model);
        var peft = PeftModel.Apply(loaded, PeftPlan.Parse(method), new PeftOptions());
        torch.manual_seed(seed);
        using (torch.no_grad())
            foreach (var (_, parameter) in peft.Trainable) parameter.add_(torch.randn_like(parameter) * 0.5);
        AdapterFiles.Save(peft, Adapter(name), model);
    }

    public void Dispose()
    {
        Engine.Dispose();
        Folder.Dispose();
    }
}
