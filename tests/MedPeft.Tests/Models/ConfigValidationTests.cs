using System.Text.Json.Nodes;
using MedPeft.Models;
using MedPeft.Models.Configs;
using MedPeft.Models.Weights;

namespace MedPeft.Tests.Models;

/// <summary>
/// A damaged <c>config.json</c> (or shard index) is refused naming the file, the field and what it must be, before
/// LibTorch sees its sizes. The inputs are cases the fuzzer (ModelConfigFuzzTests) found crashing the reader.
/// </summary>
public class ConfigValidationTests : IDisposable
{
    readonly TemporaryFolder folder = new();

    public void Dispose() => folder.Dispose();

    static ConfigObject Parse(string json) => new((JsonObject)JsonNode.Parse(json)!, "test config.json");

    /// <summary>A key given twice ended in ArgumentException when the object was first read.</summary>
    [Fact]
    public void AKeyGivenTwiceIsRefused()
    {
        var path = folder.File(HfModelLoader.ConfigFile);
        File.WriteAllText(path, """{"model_type": "llama", "hidden_size": 64, "hidden_size": 32}""");

        var error = Assert.Throws<MedPeftException>(() => ConfigObject.Load(path));

        Assert.Contains($"{path}: not valid JSON", error.Message);
        Assert.Contains("hidden_size", error.Message);
    }

    string CopyCase(string name, Func<string, string> changeConfig)
    {
        var model = Path.Combine(folder.Path, name);
        Directory.CreateDirectory(model);
        foreach (var file in Directory.GetFiles(TestData.HfCase(name)))
            File.Copy(file, Path.Combine(model, Path.GetFileName(file)));
        var config = Path.Combine(model, HfModelLoader.ConfigFile);
        File.WriteAllText(config, changeConfig(File.ReadAllText(config)));
        return model;
    }

    [Theory]
    [InlineData("hidden_size", "0", "an integer from 1 to 65536")]
    [InlineData("hidden_size", "-32", "an integer from 1 to 65536")]
    [InlineData("num_hidden_layers", "100000", "an integer from 1 to 1024")]
    [InlineData("vocab_size", "2147483647", "an integer from 1 to 4194304")]
    [InlineData("num_key_value_heads", "0", "an integer from 1 to 65536")]
    [InlineData("rms_norm_eps", "0", "a positive number")]
    [InlineData("rope_theta", "-1", "a positive number")]
    public void LlamaSizeOutOfRangeNamesTheFieldAndTheRange(string field, string value, string expected)
    {
        var json = new JsonObject { ["model_type"] = "llama", ["hidden_size"] = 64, ["num_attention_heads"] = 4 };
        json[field] = JsonNode.Parse(value);

        var error = Assert.Throws<MedPeftException>(() => LlamaConfig.From(new ConfigObject(json, "test config.json")));

        Assert.Contains($"test config.json: field '{field}'", error.Message);
        Assert.Contains(expected, error.Message);
    }

    [Theory]
    [InlineData("patch_size", "0")]
    [InlineData("image_size", "100000")]
    [InlineData("num_channels", "-3")]
    public void VisionSizeOutOfRangeNamesTheField(string field, string value)
    {
        var error = Assert.Throws<MedPeftException>(() => VisionTransformerConfig.ClipFrom(Parse($$"""{"{{field}}": {{value}}}""")));

        Assert.Contains($"test config.json: field '{field}'", error.Message);
    }

    /// <summary>Fuzz case 18506 (clip_vision: <c>hidden_act</c> replaced by ""): the message named a "vision config", not the file.</summary>
    [Fact]
    public void UnknownActivationNamesTheFileAndTheField()
    {
        var model = CopyCase("clip_vision", json => json.Replace("\"hidden_act\": \"quick_gelu\"", "\"hidden_act\": \"\""));

        var error = Assert.Throws<MedPeftException>(() => HfModelLoader.Load(model));

        Assert.Contains($"{Path.Combine(model, HfModelLoader.ConfigFile)}: field 'hidden_act' is ''", error.Message);
        Assert.Contains("quick_gelu", error.Message);
    }

    /// <summary>Fuzz case 18546 (llava: bytes inserted into <c>projector_hidden_act</c>).</summary>
    [Fact]
    public void UnknownProjectorActivationNamesTheFileAndTheField()
    {
        var error = Assert.Throws<MedPeftException>(() => LlavaConfig.From(Parse("""{"model_type": "llava", "projector_hidden_act": "gel(v"}""")));

        Assert.Contains("test config.json: field 'projector_hidden_act' is 'gel(v'", error.Message);
    }

    /// <summary>
    /// Fuzz case 18506 (llava: <c>text_config</c> replaced by ""): read as absent, it gave LLaMA-7B's defaults,
    /// and building that model took the test host down.
    /// </summary>
    [Fact]
    public void ANestedConfigThatIsNotAnObjectIsRefused()
    {
        var model = CopyCase("llava", json => System.Text.RegularExpressions.Regex.Replace(json, "\"text_config\": \\{[^}]*\\}", "\"text_config\": \"\""));

        var error = Assert.Throws<MedPeftException>(() => HfModelLoader.Load(model));

        Assert.Contains($"{Path.Combine(model, HfModelLoader.ConfigFile)}: field 'text_config' has value \"\", expected an object", error.Message);
    }

    /// <summary>
    /// Fuzz case 18531 (blip_vqa, 6 bit flips: "text_colfig", "vision_con&amp;ig"): without its nested configs the
    /// file describes BLIP-base, which was built (18.5 s, 1.5 GB) before its weights were found not to fit. The
    /// shapes are now matched on the meta device first, so the refusal costs no model: the error must come from
    /// that meta pass (the loader's Structure step), not from loading into a model built at full size. The tests
    /// run unoptimised, so the step keeps its frame in the stack trace.
    /// </summary>
    [Fact]
    public void SizesTheWeightsDoNotHaveAreRefusedBeforeTheModelIsBuilt()
    {
        var model = CopyCase("blip_vqa", json => json.Replace("\"text_config\"", "\"text_colfig\"").Replace("\"vision_config\"", "\"vision_con&ig\""));
        var error = Assert.Throws<MedPeftException>(() => HfModelLoader.Load(model));

        Assert.Contains(CheckpointReader.SingleFile, error.Message);
        Assert.Contains("HfModelLoader.Structure(", error.StackTrace);
    }

    /// <summary>Fuzz case 18588 (a <c>weight_map</c> entry replaced by null) ended in ArgumentNullException.</summary>
    [Theory]
    [InlineData("null")]
    [InlineData("3")]
    [InlineData("\"../llama/model.safetensors\"")]
    [InlineData("\"\"")]
    public void AShardIndexEntryThatIsNotAFileOfTheFolderIsRefused(string shard)
    {
        var model = CopyCase("llama", json => json);
        File.Move(Path.Combine(model, CheckpointReader.SingleFile), Path.Combine(model, "model-00001-of-00001.safetensors"));
        var index = Path.Combine(model, CheckpointReader.IndexFile);
        File.WriteAllText(index, $$$"""{"weight_map": {"model.norm.weight": {{{shard}}} } }""");

        var error = Assert.Throws<MedPeftException>(() => HfModelLoader.Load(model));

        Assert.Contains($"{index}: field 'weight_map.model.norm.weight' is {shard}; expected the name of a shard file in the folder", error.Message);
    }
}
