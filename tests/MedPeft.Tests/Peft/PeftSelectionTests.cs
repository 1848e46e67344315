using System.Text.Json;
using MedPeft.Peft;
using MedPeft.Peft.Attention;

namespace MedPeft.Tests.Peft;

/// <summary>Methods select by module kind; counts agree with HF PEFT; bad plans are refused clearly.</summary>
public class PeftSelectionTests
{
    static HashSet<string> Trainable(string family, string method, PeftOptions? options = null) =>
        PeftModel.Apply(TinyModel.Load(family).Model, PeftPlan.Parse(method), options ?? new PeftOptions()).Trainable.Select(p => p.Name).ToHashSet();

    [Fact]
    public void LnOnAllOfLlavaEqualsHfPeftLnTuning()
    {
        using var reference = JsonDocument.Parse(File.ReadAllText(TestData.Path("Fixtures", "hf", "llava_ln_tuning_params.json")));
        var hf = reference.RootElement.GetProperty("all_norms_vision_and_text");
        var expected = hf.GetProperty("trainable_parameters").EnumerateArray()
            .Select(e => e.GetString()!.Replace("base_model.model.", "").Replace(".ln_tuning_layers.default", "")).ToHashSet();

        Assert.Equal(expected, Trainable("llava", "ln@all"));
        var result = CliRunner.Run("inspect", "--model", TestData.HfCase("llava"), "--method", "ln", "--scope", "all", "--json");
        using var json = JsonDocument.Parse(result.Output);
        Assert.Equal(hf.GetProperty("trainable_numel").GetInt64(), json.RootElement.GetProperty("trainable_parameters").GetInt64());
    }

    [Fact]
    public void AttentionTuningTellsSelfFromCrossAndSkipsNorms()
    {
        var self = Trainable("blip", "attn@text-encoder", new PeftOptions().With(new AttentionOptions { Kinds = [MedPeft.Nn.AttentionKind.Self] }));

        Assert.Contains("text_encoder.encoder.layer.0.attention.self.query.weight", self);
        Assert.Contains("text_encoder.encoder.layer.0.attention.output.dense.bias", self);
        Assert.DoesNotContain(self, n => n.Contains("crossattention"));
        Assert.DoesNotContain(self, n => n.Contains("LayerNorm"));
        // q, k, v, o with weight and bias, two layers.
        Assert.Equal(2 * 4 * 2, self.Count);
    }

    [Fact]
    public void LnSelectsEveryNormAndNothingElse()
    {
        var ln = Trainable("blip", "ln");

        Assert.All(ln, n => Assert.True(n.Contains("LayerNorm") || n.Contains("layer_norm") || n.Contains("post_layernorm"), n));
        Assert.Contains("text_encoder.encoder.layer.1.crossattention.output.LayerNorm.weight", ln);
        Assert.Contains("vision_model.post_layernorm.bias", ln);
        Assert.Contains("text_decoder.cls.predictions.transform.LayerNorm.weight", ln);
    }

    [Fact]
    public void FusedQkvMustBeSelectedWhole()
    {
        var error = Assert.Throws<InvalidSettingException>(() =>
            Trainable("blip", "attn@vision", new PeftOptions().With(new AttentionOptions { Projections = ["q"] })));
        Assert.Equal("AttentionOptions.Projections", error.Setting);
        Assert.Contains("qkv", error.Message);
    }

    [Theory]
    [InlineData("nope", "unknown method 'nope'")]
    [InlineData("lora@projector", "does not have")]
    [InlineData("lora@nowhere", "unknown component 'nowhere'")]
    [InlineData("prompt@decoder", "prepends tokens to the text-encoder input")]
    [InlineData("ln+ln", "twice")]
    public void BadPlansAreRefused(string method, string message)
    {
        var result = CliRunner.Run("inspect", "--model", "tiny-blip", "--method", method);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains(message, result.Error);
    }

    [Theory]
    [InlineData("--lora-r", "0", "--lora-r must be at least 1")]
    [InlineData("--lora-dropout", "1.5", "--lora-dropout must be in [0, 1)")]
    [InlineData("--lora-targets", "q,x", "unknown target 'x'")]
    [InlineData("--attn-kinds", "both", "unknown kind 'both'")]
    public void BadOptionValuesAreRefused(string option, string value, string message)
    {
        var result = CliRunner.Run("inspect", "--model", "tiny-blip", "--method", "lora", option, value);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains(message, result.Error);
    }
}
