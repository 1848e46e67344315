using MedPeft.Peft.Tuners;

namespace MedPeft.Tests.Peft;

/// <summary>The default registry keeps the methods, settings, default scopes and learning rates MedPeft has always had.</summary>
public class TunerRegistryTests
{
    static readonly TunerRegistry Registry = TunerRegistry.Default;

    [Fact]
    public void MethodsAreListedInTheirOrder() =>
        Assert.Equal(["ln", "ffn", "attn", "bitfit", "lora", "ia3", "prefix", "ptuning-v2", "prompt", "adapter", "full", "frozen"], Registry.Names);

    [Fact]
    public void SettingsKeepTheirFileKeysFlagsAndDefaults()
    {
        string[] expected =
        [
            "LoraOptions.Rank lora_rank lora-r 8", "LoraOptions.Alpha lora_alpha lora-alpha 32", "LoraOptions.Dropout lora_dropout lora-dropout 0.1",
            "LoraOptions.Targets lora_targets lora-targets q,v", "Ia3Options.Targets ia3_targets ia3-targets k,v,ffn",
            "AttentionOptions.Projections attention_projections attn-projections q,k,v,o", "AttentionOptions.Kinds attention_kinds attn-kinds self,cross",
            "PrefixOptions.Tokens prefix_tokens prefix-tokens 10", "PrefixOptions.Hidden prefix_hidden prefix-hidden 512",
            "PromptOptions.Tokens prompt_tokens prompt-tokens 10", "AdapterOptions.Size adapter_size adapter-size 64",
        ];
        Assert.Equal(expected, Registry.Settings.Select(s => $"{s.Name} {s.FileKey} {s.Key} {s.DefaultText}"));
    }

    [Theory]
    [InlineData("blip", "ln ffn attn bitfit full frozen: all; prompt: text-encoder; lora ia3 prefix ptuning-v2 adapter: text-encoder decoder")]
    [InlineData("llava", "bitfit frozen: all; ln ffn attn lora ia3 prefix ptuning-v2 prompt adapter: llm; full: projector llm")]
    public void DefaultScopesAreTheStudys(string modelType, string expected)
    {
        var scopes = Registry.Tuners.GroupBy(t => string.Join(" ", t.DefaultScope(modelType).Components ?? ["all"]))
            .OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => $"{string.Join(" ", g.Select(t => t.Name))}: {g.Key}");
        Assert.Equal(expected, string.Join("; ", scopes));
    }

    [Fact]
    public void ComparisonLearningRatesAreTheStudys()
    {
        var expected = new Dictionary<string, double>
        {
            ["full"] = 5e-5, ["ffn"] = 1e-4, ["attn"] = 1e-4, ["ln"] = 5e-3, ["bitfit"] = 5e-3, ["lora"] = 1e-3, ["ia3"] = 5e-3,
            ["adapter"] = 1e-3, ["prefix"] = 1e-3, ["ptuning-v2"] = 1e-2, ["prompt"] = 1e-2, ["frozen"] = 1e-4,
        };
        Assert.All(Registry.Tuners, t => Assert.Equal(expected[t.Name], t.ComparisonLearningRate));
    }

    [Fact]
    public void OnlyTunersThatAddComputationRefuseToMerge() =>
        Assert.Equal(["prefix", "ptuning-v2", "prompt", "adapter"], Registry.Tuners.Where(t => !t.Merges).Select(t => t.Name));

    [Fact]
    public void TwoTunersOfOneNameAreRefused() =>
        Assert.Throws<ArgumentException>(() => Registry.With(Registry.Tuners[0]));
}
