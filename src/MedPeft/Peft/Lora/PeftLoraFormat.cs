using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using MedPeft.IO;
using MedPeft.Models;
using MedPeft.Nn;
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
            if (match.Groups["part"].Value == "A") hosts.Add(match.Groups["module"].Value);
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
        JsonObject json;
        try { json = JsonNode.Parse(File.ReadAllText(path)) as JsonObject ?? throw new JsonException("not an object"); }
        catch (JsonException e) { throw new MedPeftException($"{path}: not valid JSON ({e.Message})."); }
        string type = json["peft_type"]?.GetValue<string>() ?? "";
        if (type != "LORA") throw new MedPeftException($"{path}: peft_type '{type}' is not supported; HF PEFT adapters of type LORA are.");
        foreach (var flag in new[] { "use_dora", "use_rslora", "fan_in_fan_out" })
            if (json[flag]?.GetValue<bool>() == true) throw new MedPeftException($"{path}: '{flag}: true' is not supported.");
        if ((json["bias"]?.GetValue<string>() ?? "none") != "none") throw new MedPeftException($"{path}: 'bias' other than \"none\" is not supported.");
        foreach (var pattern in new[] { "rank_pattern", "alpha_pattern" })
            if (json[pattern] is JsonObject { Count: > 0 }) throw new MedPeftException($"{path}: a non-empty '{pattern}' is not supported.");
        try
        {
            return new LoraConfig(json["r"]!.GetValue<int>(), json["lora_alpha"]!.GetValue<double>(), json["lora_dropout"]?.GetValue<double>() ?? 0.0);
        }
        catch (Exception e) when (e is NullReferenceException or InvalidOperationException or FormatException)
        {
            throw new MedPeftException($"{path}: 'r' and 'lora_alpha' must be numbers.");
        }
    }
}
