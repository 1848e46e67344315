using MedPeft.IO;
using MedPeft.Models;
using MedPeft.Models.Llama;
using MedPeft.Parity;
using TorchSharp;
using static TorchSharp.torch;

namespace MedPeft.Tests.Models;

/// <summary>Sharded checkpoints and bf16 weights load by HF parameter name.</summary>
public class CheckpointFormatsTests : IDisposable
{
    readonly TemporaryFolder folder = new();

    public void Dispose() => folder.Dispose();

    string CopyCase(string name)
    {
        var target = Path.Combine(folder.Path, name);
        Directory.CreateDirectory(target);
        foreach (var file in Directory.GetFiles(TestData.HfCase(name)))
            File.Copy(file, Path.Combine(target, Path.GetFileName(file)));
        return target;
    }

    [Fact]
    public void ShardedCheckpointGivesTheSameOutputs()
    {
        var model = CopyCase("llama");
        var tensors = SafeTensorsFile.Open(Path.Combine(model, "model.safetensors")).ReadAll();
        File.Delete(Path.Combine(model, "model.safetensors"));
        var names = tensors.Keys.OrderBy(n => n, StringComparer.Ordinal).ToList();
        var shards = new[] { names.Take(names.Count / 2).ToList(), names.Skip(names.Count / 2).ToList() };
        var weightMap = new Dictionary<string, string>();
        for (int i = 0; i < 2; i++)
        {
            var file = $"model-0000{i + 1}-of-00002.safetensors";
            SafeTensorsWriter.Save(Path.Combine(model, file), shards[i].ToDictionary(n => n, n => tensors[n]));
            foreach (var n in shards[i]) weightMap[n] = file;
        }
        File.WriteAllText(Path.Combine(model, "model.safetensors.index.json"),
            System.Text.Json.JsonSerializer.Serialize(new { metadata = new { total_size = 0 }, weight_map = weightMap }));

        var report = ParityRunner.Run(model, 1e-4);

        Assert.True(report.Passed);
        Assert.True(report.MaxError < 1e-5);
    }

    [Fact]
    public void Bf16WeightsLoadIntoAFloat32Model()
    {
        var model = CopyCase("llama");
        var path = Path.Combine(model, "model.safetensors");
        var original = SafeTensorsFile.Open(path).ReadAll();
        SafeTensorsWriter.Save(path, original.ToDictionary(kv => kv.Key, kv => kv.Value.to_type(ScalarType.BFloat16)));

        using var loaded = (LlamaForCausalLM)HfModelLoader.Load(model);

        var weight = loaded.model.layers[0].self_attn.q_proj.weight;
        Assert.Equal(ScalarType.Float32, weight.dtype);
        var expected = original["model.layers.0.self_attn.q_proj.weight"].to_type(ScalarType.BFloat16).to_type(ScalarType.Float32);
        Assert.Equal(expected.data<float>().ToArray(), weight.detach().data<float>().ToArray());
    }

    [Fact]
    public void Bf16ModelKeepsBf16Parameters()
    {
        using var loaded = (LlamaForCausalLM)HfModelLoader.Load(TestData.HfCase("llama"), new ModelLoadOptions(CPU, ScalarType.BFloat16));

        Assert.All(loaded.named_parameters(), p => Assert.Equal(ScalarType.BFloat16, p.parameter.dtype));
        using var ids = torch.tensor(new long[] { 1, 5, 9, 3 }).unsqueeze(0);
        var (logits, _) = loaded.Forward(ids, null, null, null, null, OutputRequest.None);
        Assert.Equal(ScalarType.BFloat16, logits.dtype);
        Assert.False(logits.isnan().any().item<bool>());
    }
}
