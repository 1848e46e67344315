using MedPeft.IO;
using TorchSharp;
using static TorchSharp.torch;

namespace MedPeft.Tests.Cli;

/// <summary>A broken checkpoint folder gives one clear message naming the file/key, exit code 2, no stack trace.</summary>
public class ModelLoadingErrorTests : IDisposable
{
    readonly TemporaryFolder folder = new();
    readonly string model;

    public ModelLoadingErrorTests()
    {
        model = Path.Combine(folder.Path, "llama");
        Directory.CreateDirectory(model);
        foreach (var file in Directory.GetFiles(TestData.HfCase("llama")))
            File.Copy(file, Path.Combine(model, Path.GetFileName(file)));
    }

    public void Dispose() => folder.Dispose();

    string Weights => Path.Combine(model, "model.safetensors");

    void RewriteWeights(Action<Dictionary<string, Tensor>> change)
    {
        var tensors = SafeTensorsFile.Open(Weights).ReadAll();
        change(tensors);
        SafeTensorsWriter.Save(Weights, tensors);
    }

    static void AssertBadInput(CliRunner.Result result, params string[] fragments)
    {
        Assert.Equal(2, result.ExitCode);
        foreach (var fragment in fragments) Assert.Contains(fragment, result.Error);
        Assert.DoesNotContain("   at ", result.Error);
    }

    [Theory]
    [InlineData("parity")]
    [InlineData("inspect")]
    public void MissingConfigIsNamed(string command)
    {
        File.Delete(Path.Combine(model, "config.json"));
        AssertBadInput(Run(command), Path.Combine(model, "config.json"), "not found");
    }

    [Fact]
    public void MissingWeightsAreNamed()
    {
        File.Delete(Weights);
        AssertBadInput(Run("inspect"), "model.safetensors", "model.safetensors.index.json");
    }

    [Fact]
    public void UnknownModelTypeListsTheSupportedOnes()
    {
        var config = Path.Combine(model, "config.json");
        File.WriteAllText(config, File.ReadAllText(config).Replace("\"model_type\": \"llama\"", "\"model_type\": \"gpt_neox\""));
        AssertBadInput(Run("inspect"), "model_type 'gpt_neox' is not supported", "llava");
    }

    [Fact]
    public void MissingTensorIsNamed()
    {
        RewriteWeights(t => t.Remove("model.norm.weight"));
        AssertBadInput(Run("parity"), "missing", "'model.norm.weight'");
    }

    [Fact]
    public void UnexpectedTensorIsNamed()
    {
        RewriteWeights(t => t["model.layers.0.self_attn.rotary_extra.weight"] = torch.ones(3));
        AssertBadInput(Run("inspect"), "unexpected", "'model.layers.0.self_attn.rotary_extra.weight'");
    }

    [Fact]
    public void WrongShapeNamesTensorAndBothShapes()
    {
        RewriteWeights(t => t["model.norm.weight"] = torch.ones(63));
        AssertBadInput(Run("parity"), "'model.norm.weight'", "[63]", "[64]");
    }

    [Fact]
    public void TruncatedWeightsAreReported()
    {
        var bytes = File.ReadAllBytes(Weights);
        File.WriteAllBytes(Weights, bytes[..(bytes.Length / 2)]);
        AssertBadInput(Run("inspect"), Weights, "truncated");
    }

    [Fact]
    public void VerboseAddsTheStackTrace()
    {
        File.Delete(Path.Combine(model, "config.json"));
        var result = CliRunner.Run("inspect", "--model", model, "--verbose");
        Assert.Equal(2, result.ExitCode);
        Assert.Contains("   at ", result.Error);
    }

    CliRunner.Result Run(string command) => command == "parity" ? CliRunner.Run("parity", model) : CliRunner.Run("inspect", "--model", model);
}
