using System.Text.Json;
using MedPeft.IO;

namespace MedPeft.Tests.Cli;

/// <summary><c>medpeft inspect</c> counts parameters per component; the reference is the safetensors header.</summary>
public class InspectCommandTests
{
    static long CountInFile(string caseName, string prefix) =>
        SafeTensorsFile.Open(Path.Combine(TestData.HfCase(caseName), "model.safetensors")).Entries.Values
            .Where(e => e.Name.StartsWith(prefix, StringComparison.Ordinal))
            .Sum(e => e.Shape.Aggregate(1L, (a, b) => a * b));

    [Fact]
    public void LlavaComponentsAddUpToTheCheckpoint()
    {
        var result = CliRunner.Run("inspect", "--model", TestData.HfCase("llava"), "--json");

        Assert.Equal(0, result.ExitCode);
        using var json = JsonDocument.Parse(result.Output);
        var root = json.RootElement;
        Assert.Equal("llava", root.GetProperty("model_type").GetString());
        Assert.Equal(CountInFile("llava", ""), root.GetProperty("total_parameters").GetInt64());
        var components = root.GetProperty("components");
        Assert.Equal(CountInFile("llava", "vision_tower."), components.GetProperty("vision").GetProperty("parameters").GetInt64());
        Assert.Equal(CountInFile("llava", "multi_modal_projector."), components.GetProperty("projector").GetProperty("parameters").GetInt64());
        Assert.Equal(CountInFile("llava", "language_model."), components.GetProperty("llm").GetProperty("parameters").GetInt64());
    }

    [Fact]
    public void BlipHasVisionTextEncoderAndDecoder()
    {
        var result = CliRunner.Run("inspect", "--model", TestData.HfCase("blip_vqa"), "--json");

        using var json = JsonDocument.Parse(result.Output);
        var components = json.RootElement.GetProperty("components");
        Assert.Equal(CountInFile("blip_vqa", "vision_model."), components.GetProperty("vision").GetProperty("parameters").GetInt64());
        Assert.Equal(CountInFile("blip_vqa", "text_encoder."), components.GetProperty("text-encoder").GetProperty("parameters").GetInt64());
        Assert.Equal(CountInFile("blip_vqa", "text_decoder."), components.GetProperty("decoder").GetProperty("parameters").GetInt64());
        Assert.Equal(CountInFile("blip_vqa", ""), json.RootElement.GetProperty("total_parameters").GetInt64());
    }

    [Fact]
    public void BuiltInLlamaSmallHasTheAnchorSize()
    {
        var result = CliRunner.Run("inspect", "--model", "llama-small", "--json");

        using var json = JsonDocument.Parse(result.Output);
        // 2 × 32000 × 1024 (embeddings, head) + 8 × (4 × 1024² q/o... computed by hand below) + norms.
        long hidden = 1024, kv = 256, ffn = 2816, vocab = 32000, layers = 8;
        long perLayer = hidden * hidden * 2 + hidden * kv * 2 + 3 * hidden * ffn + 2 * hidden;
        Assert.Equal(2 * vocab * hidden + layers * perLayer + hidden, json.RootElement.GetProperty("total_parameters").GetInt64());
    }

    [Fact]
    public void UnknownModelNameListsTheBuiltIns()
    {
        var result = CliRunner.Run("inspect", "--model", "no-such-model");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("tiny-llava", result.Error);
    }
}
