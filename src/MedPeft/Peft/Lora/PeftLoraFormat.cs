using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using MedPeft.IO;
using MedPeft.Models;
using MedPeft.Models.Configs;
using MedPeft.Nn;
using MedPeft.Peft.Tuners;
using TorchSharp;

namespace MedPeft.Peft.Lora;

/// <summary>
/// HF PEFT's LoRA adapter format: <c>adapter_config.json</c> + <c>adapter_model.safetensors</c> with keys
/// <c>base_model.model.&lt;module&gt;.lora_A.weight</c> ([r, in]) and <c>...lora_B.weight</c> ([out, r]).
/// </summary>
internal static class PeftLoraFormat
{
    public const string ConfigFile = "adapter_config.json";
    static readonly Regex LoraKey = new(@"^base_model\.model\.(?<module>.+)\.lora_(?<part>[AB])\.weight$", RegexOptions.Compiled);

    /// <summary>PEFT's config for the LoRA layers of <paramref name="peft"/>; target_modules is an exact regex of their names.</summary>
    public static string ConfigJson(PeftModel peft, string baseModel)
    {
        var modules = peft.Model.Module.named_modules()
            .Where(m => m.module is AdaptableLinear linear && linear.Adapters.OfType<LoraAdapter>().Any())
            .Select(m => m.name).ToList();
        var lora = peft.Options.Get<LoraOptions>();
        var config = new JsonObject
        {
            ["alpha_pattern"] = new JsonObject(), ["auto_mapping"] = null, ["base_model_name_or_path"] = baseModel, ["bias"] = "none",
            ["fan_in_fan_out"] = false, ["inference_mode"] = true, ["init_lora_weights"] = true, ["layer_replication"] = null,
            ["layers_pattern"] = null, ["layers_to_transform"] = null, ["loftq_config"] = new JsonObject(),
            ["lora_alpha"] = lora.Alpha, ["lora_dropout"] = lora.Dropout, ["megatron_config"] = null,
            ["megatron_core"] = "megatron.core", ["modules_to_save"] = null, ["peft_type"] = "LORA", ["r"] = lora.Rank,
            ["rank_pattern"] = new JsonObject(), ["revision"] = null,
            ["target_modules"] = "^(" + string.Join("|", modules.Select(Regex.Escape)) + ")$",
            ["task_type"] = null, ["use_dora"] = false, ["use_rslora"] = false,
        };
        return config.ToJsonString(new JsonSerializerOptions { WriteIndented = true });
    }

    /// <summary>Attaches the LoRA layers an HF PEFT adapter folder describes and loads their weights.</summary>
    public static PeftModel Load(IHfModel model, string directory)
    {
        var configPath = Path.Combine(directory, ConfigFile);
        var config = ReadConfig(configPath);
        var weightsPath = Path.Combine(directory, AdapterFiles.WeightsFile);
        var file = SafeTensorsFile.Open(weightsPath);
        var hosts = new List<string>();
        foreach (var key in file.Entries.Keys.OrderBy(k => k, StringComparer.Ordinal))
        {
            var match = LoraKey.Match(key);
            if (!match.Success) throw new MedPeftException($"{weightsPath}: tensor '{key}' is not a LoRA weight (expected base_model.model.<module>.lora_A/lora_B.weight).");
            if (match.Groups["part"].Value != "A") continue;
            hosts.Add(match.Groups["module"].Value);
            // The rank is checked against the file before any LoRA layer of that rank is made: the file bounds what is allocated.
            if (file.Entries[key].Shape is not [var rank, _] || rank != config.Rank)
                throw new MedPeftException($"{configPath}: field 'r' is {config.Rank}, but {weightsPath} has '{key}' of shape [{string.Join(", ", file.Entries[key].Shape)}]; expected [r, in].");
        }
        if (hosts.Count == 0) throw new MedPeftException($"{weightsPath}: no LoRA weights found.");
        var modules = model.Module.named_modules().ToDictionary(m => m.name, m => m.module);
        var plan = new PeftPlan(new[] { new PlanItem(LoraTuner.TunerName, model.Components.Select(c => c.Name).ToList()) });
        var lora = new LoraOptions { Rank = config.Rank, Alpha = config.Alpha, Dropout = config.Dropout };
        var peft = PeftModel.ApplyExplicit(model, plan, new PeftOptions().With(lora),
            hosts.Select(h => modules.TryGetValue(h, out var m) && m is AdaptableLinear linear ? linear
                : throw new MedPeftException($"{weightsPath}: LoRA weights for '{h}', which is not a linear layer of {model.Architecture}.")).ToList(),
            host => new LoraAdapter(host, lora.Rank, lora.Alpha, lora.Dropout));
        AdapterFiles.LoadTensors(peft.Trainable, weightsPath);
        return peft;
    }

    sealed record LoraConfig(int Rank, double Alpha, double Dropout);

    static LoraConfig ReadConfig(string path)
    {
        var json = ConfigObject.Load(path);
        string type = json.String("peft_type", "");
        if (type != "LORA") throw new MedPeftException($"{path}: peft_type '{type}' is not supported; HF PEFT adapters of type LORA are.");
        foreach (var flag in new[] { "use_dora", "use_rslora", "fan_in_fan_out" })
            if (json.Bool(flag, false)) throw new MedPeftException($"{path}: '{flag}: true' is not supported.");
        if (json.String("bias", "none") != "none") throw new MedPeftException($"{path}: 'bias' other than \"none\" is not supported.");
        foreach (var pattern in new[] { "rank_pattern", "alpha_pattern" })
            if (json.Nested(pattern) is { Count: > 0 }) throw new MedPeftException($"{path}: a non-empty '{pattern}' is not supported.");
        foreach (var required in new[] { "r", "lora_alpha" })
            if (!json.Has(required)) throw new MedPeftException($"{path}: field '{required}' is missing.");
        double dropout = json.Double("lora_dropout", 0.0);
        if (dropout is not (>= 0 and < 1)) throw new MedPeftException($"{path}: field 'lora_dropout' is {dropout}; expected a number in [0, 1).");
        return new LoraConfig(json.Size("r", 0, TunerSize.Max), json.Positive("lora_alpha", 0), dropout);
    }
}
