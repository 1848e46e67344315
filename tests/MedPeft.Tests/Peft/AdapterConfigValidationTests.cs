using System.Text.Json.Nodes;
using MedPeft.Models;
using MedPeft.Peft;
using MedPeft.Peft.Lora;

namespace MedPeft.Tests.Peft;

/// <summary>
/// A damaged adapter config (<c>medpeft_adapter.json</c>, HF PEFT's <c>adapter_config.json</c>) is refused naming the
/// file and the field, and leaves the model as it was. The inputs are cases the fuzzer (AdapterConfigFuzzTests) found
/// ending in NullReferenceException, ArgumentNullException or InvalidOperationException, or in a message naming no file.
/// </summary>
public class AdapterConfigValidationTests : IDisposable
{
    readonly TemporaryFolder folder = new();

    public void Dispose() => folder.Dispose();

    /// <summary>A copy of an adapters-v1 folder whose config file is changed by <paramref name="change"/>.</summary>
    (string Directory, string Config) Damaged(string adapter, string file, Action<JsonObject> change)
    {
        var directory = Path.Combine(folder.Path, adapter);
        Directory.CreateDirectory(directory);
        foreach (var path in Directory.GetFiles(TestData.Path("adapters-v1", adapter)))
            File.Copy(path, Path.Combine(directory, Path.GetFileName(path)));
        if (file == PeftLoraFormat.ConfigFile) File.Delete(Path.Combine(directory, AdapterFiles.ConfigFile));
        var config = Path.Combine(directory, file);
        var json = JsonNode.Parse(File.ReadAllText(config))!.AsObject();
        change(json);
        File.WriteAllText(config, json.ToJsonString());
        return (directory, config);
    }

    static MedPeftException Refused(string directory, string family)
    {
        using var model = HfModelLoader.Load(TestData.HfCase(family));
        var before = model.Module.named_parameters().Select(p => (p.name, p.parameter.requires_grad)).ToList();

        var error = Assert.Throws<MedPeftException>(() => AdapterFiles.Load(model, directory));

        // Nothing was attached or frozen: the file was checked before the model was changed.
        Assert.Equal(before, model.Module.named_parameters().Select(p => (p.name, p.parameter.requires_grad)).ToList());
        return error;
    }

    static JsonObject Options(JsonObject json) => json["options"]!.AsObject();

    public static readonly TheoryData<string, string, Action<JsonObject>, string> DamagedConfigs = new()
    {
        // case 18813: a NullReferenceException in AttentionOptions.Validate
        { AdapterFiles.ConfigFile, "attention_kinds", json => Options(json)["attention_kinds"] = null, "'attention_kinds' is null" },
        // case 18963: a NullReferenceException in ProjectionRoles.CheckTargets
        { AdapterFiles.ConfigFile, "ia3_targets", json => Options(json)["ia3_targets"] = null, "'ia3_targets' is null" },
        // case 18820: the message named the setting (Ia3Options.Targets) but not the file
        { AdapterFiles.ConfigFile, "ia3_targets[1]", json => Options(json)["ia3_targets"]![1] = "", "field 'options.ia3_targets' has an unknown target ''" },
        // case 18888: an InvalidOperationException (a second prefix_encoder registered)
        { AdapterFiles.ConfigFile, "applied[0].components", json => json["applied"]![0]!["components"] = null, "components" },
        // case 18874: the message named the scope but not the file
        { AdapterFiles.ConfigFile, "applied[1].components[0]", json => json["applied"]![1]!["components"]![0] = "", "field 'applied' does not fit the model: scope ''" },
        // case 18888 (the method replaced by null): the message named the setting but not the file
        { AdapterFiles.ConfigFile, "applied[0].method", json => json["applied"]![0]!["method"] = "", "field 'applied' does not fit the model: PeftPlan.Method names an unknown method ''" },
        // case 19134: a damaged "options" key left the options null, a NullReferenceException in PeftModel.Apply
        { AdapterFiles.ConfigFile, "options", json => json.Remove("options"), "'options'" },
        // case 19197: a damaged "applied" key, an ArgumentNullException in AdapterFiles.Load
        { AdapterFiles.ConfigFile, "applied", json => json.Remove("applied"), "'applied'" },
        { AdapterFiles.ConfigFile, "lora_rank", json => Options(json)["lora_rank"] = 100_000, "field 'options.lora_rank' must be at most 65536 (got 100000)" },
        // cases 18806, 18840, 19011: InvalidOperationException on a value of another type
        { PeftLoraFormat.ConfigFile, "use_dora", json => json["use_dora"] = "", "field 'use_dora' has value \"\", expected true or false" },
        { PeftLoraFormat.ConfigFile, "peft_type", json => json["peft_type"] = new JsonArray(-1, 2), "field 'peft_type' has value [-1,2], expected a string" },
        { PeftLoraFormat.ConfigFile, "bias", json => json["bias"] = 1e300, "field 'bias' has value 1E+300, expected a string" },
        { PeftLoraFormat.ConfigFile, "r", json => json.Remove("r"), "field 'r' is missing" },
        { PeftLoraFormat.ConfigFile, "r", json => json["r"] = 0, "field 'r' is 0; expected an integer from 1 to 65536" },
        { PeftLoraFormat.ConfigFile, "r", json => json["r"] = 16, "field 'r' is 16, but" },
        { PeftLoraFormat.ConfigFile, "lora_alpha", json => json["lora_alpha"] = -1, "field 'lora_alpha' is -1; expected a positive number" },
        { PeftLoraFormat.ConfigFile, "lora_dropout", json => json["lora_dropout"] = 1, "field 'lora_dropout' is 1; expected a number in [0, 1)" },
    };

    [Theory]
    [MemberData(nameof(DamagedConfigs))]
    public void ADamagedConfigIsRefusedNamingTheFileAndTheField(string file, string field, Action<JsonObject> change, string expected)
    {
        var (adapter, family) = file == AdapterFiles.ConfigFile ? ("blip-ln-lora-ia3", "blip_vqa") : ("llava-lora", "llava");
        var (directory, config) = Damaged(adapter, file, change);

        var error = Refused(directory, family);

        Assert.StartsWith(config, error.Message);
        Assert.True(error.Message.Contains(expected), $"{field}: {error.Message}");
    }

    /// <summary>
    /// A size the weights file does not have is found on the meta device: before, the adapter was attached to the
    /// model (allocating what the size claims) and only then found not to fit the file.
    /// </summary>
    [Fact]
    public void ASizeTheWeightsDoNotHaveIsRefusedBeforeTheModelIsChanged()
    {
        var (directory, _) = Damaged("blip-ln-lora-ia3", AdapterFiles.ConfigFile, json => Options(json)["lora_rank"] = 60_000);

        var error = Refused(directory, "blip_vqa");

        Assert.StartsWith(Path.Combine(directory, AdapterFiles.WeightsFile), error.Message);
        Assert.Contains("lora_A", error.Message);
        Assert.Contains("60000", error.Message);
    }
}
