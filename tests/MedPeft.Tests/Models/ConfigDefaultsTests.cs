using System.Text.Json.Nodes;
using MedPeft.Models.Configs;

namespace MedPeft.Tests.Models;

/// <summary>Nested HF configs list only non-default values; the readers fill in HF's class defaults.</summary>
public class ConfigDefaultsTests
{
    static ConfigObject Parse(string json) => new((JsonObject)JsonNode.Parse(json)!, "test config.json");

    [Fact]
    public void LlavaFillsClipAndLlamaDefaults()
    {
        var config = LlavaConfig.From(ConfigObject.Load(Path.Combine(TestData.HfCase("llava"), "config.json")));

        Assert.Equal("quick_gelu", config.Vision.HiddenAct);
        Assert.Equal(1e-5, config.Vision.LayerNormEps);
        Assert.Equal("silu", config.Text.HiddenAct);
        Assert.Equal(10000.0, config.Text.RopeTheta);
        Assert.False(config.Text.TieWordEmbeddings);
        Assert.Equal(-2, config.VisionFeatureLayer);
        Assert.Null(config.PadTokenId);
    }

    [Fact]
    public void MissingKeyValueHeadsMeansOnePerHead()
    {
        var config = LlamaConfig.From(Parse("""{"model_type": "llama", "hidden_size": 64, "num_attention_heads": 4}"""));
        Assert.Equal(4, config.NumKeyValueHeads);
        Assert.Equal(16, config.HeadDim);
    }

    [Fact]
    public void MistralDefaultsDifferFromLlama()
    {
        var config = LlamaConfig.From(Parse("""{"model_type": "mistral"}"""));
        Assert.Equal(8, config.NumKeyValueHeads);
        Assert.Equal(4096, config.SlidingWindow);
        Assert.Equal(14336, config.IntermediateSize);
    }

    [Fact]
    public void BlipTextDefaultsAreBlipsNotBerts()
    {
        var config = BlipConfig.From(Parse("""{"model_type": "blip", "text_config": {}, "vision_config": {}}"""));
        Assert.Equal(30524, config.Text.VocabSize);
        Assert.Equal(8, config.Text.NumAttentionHeads);
        Assert.Equal(30522, config.Text.BosTokenId);
        Assert.Equal(384, config.Vision!.ImageSize);
        Assert.Equal("gelu", config.Vision!.HiddenAct);
    }

    [Fact]
    public void WrongTypeNamesTheField()
    {
        var error = Assert.Throws<MedPeftException>(() => LlamaConfig.From(Parse("""{"model_type": "llama", "hidden_size": "big"}""")));
        Assert.Contains("'hidden_size'", error.Message);
        Assert.Contains("an integer", error.Message);
    }

    [Fact]
    public void HeadsMustDivideTheWidth()
    {
        var error = Assert.Throws<MedPeftException>(() => LlamaConfig.From(Parse("""{"model_type": "llama", "hidden_size": 65, "num_attention_heads": 4}""")));
        Assert.Contains("hidden_size", error.Message);
    }
}
