using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using MedPeft.IO;
using MedPeft.Models;
using MedPeft.Nn;
using MedPeft.Peft.Ia3;
using MedPeft.Peft.Lora;
using TorchSharp;
using static TorchSharp.torch;

namespace MedPeft.Peft;

/// <summary>
/// An adapter folder: <c>medpeft_adapter.json</c> (base model identity, plan, options) and
/// <c>adapter_model.safetensors</c> holding only the trainable tensors, under HF PEFT's key
/// convention (<c>base_model.model.</c> + the parameter's name). A LoRA-only plan also gets HF PEFT's
/// <c>adapter_config.json</c>, so the folder loads in Python with <c>PeftModel.from_pretrained</c>.
/// </summary>
internal static class AdapterFiles
{
    public const string ConfigFile = "medpeft_adapter.json";
    public const string WeightsFile = "adapter_model.safetensors";
    public const string KeyPrefix = "base_model.model.";

    static readonly JsonSerializerOptions Json = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower) },
        // Every field is written; a missing or null one is a damaged file, refused here rather than met later as a null.
        RespectNullableAnnotations = true,
        RespectRequiredConstructorParameters = true,
    };

    sealed record AdapterConfig(int Version, string Format, string BaseModel, string ModelType, string Architecture, long BaseParameters,
        string BaseFingerprint, string Plan, IReadOnlyList<AppliedItem> Applied, PeftOptions Options, long TrainableParameters);

    sealed record AppliedItem(string Method, IReadOnlyList<string> Components);

    /// <summary>Writes the folder; files appear whole or not at all.</summary>
    public static void Save(PeftModel peft, string directory, string baseModel)
    {
        Directory.CreateDirectory(directory);
        var tensors = peft.Trainable.ToDictionary(p => KeyPrefix + p.Name, p => (Tensor)p.Parameter);
        SafeTensorsWriter.Save(Path.Combine(directory, WeightsFile), tensors);
        var config = new AdapterConfig(1, "medpeft-adapter", baseModel, peft.Base.ModelType, peft.Base.Architecture, peft.Base.Parameters,
            peft.Base.Fingerprint, peft.Plan.ToString(), peft.Applied.Select(a => new AppliedItem(a.Item.Method, a.Components)).ToList(),
            peft.Options, PeftAccount.Of(peft).Trainable);
        AtomicFile.WriteAllText(Path.Combine(directory, ConfigFile), JsonSerializer.Serialize(config, Json));
        if (peft.Applied.All(a => a.Item.Method == LoraTuner.TunerName) && peft.Adapters.OfType<LoraAdapter>().Any())
            AtomicFile.WriteAllText(Path.Combine(directory, PeftLoraFormat.ConfigFile), PeftLoraFormat.ConfigJson(peft, baseModel));
    }

    /// <summary>
    /// Applies the adapter in <paramref name="directory"/> to <paramref name="model"/>: a MedPeft adapter
    /// (checked against the model it was trained on) or an HF PEFT LoRA adapter.
    /// </summary>
    public static PeftModel Load(IHfModel model, string directory)
    {
        var configPath = Path.Combine(directory, ConfigFile);
        if (!File.Exists(configPath))
        {
            if (File.Exists(Path.Combine(directory, PeftLoraFormat.ConfigFile))) return PeftLoraFormat.Load(model, directory);
            throw NoAdapter(directory);
        }
        var (config, plan, weights) = Checked(model, configPath, directory);
        // Applied first to the model's structure on the meta device and matched against the weights file: sizes
        // the file's tensors do not have (a damaged rank, say) are refused before an adapter of those sizes is
        // allocated, so the weights file bounds what is.
        using (var structure = MetaStructure.Of(model)) Matched(Applied(structure, plan, config.Options, configPath).Trainable, weights);
        var peft = Applied(model, plan, config.Options, configPath);
        Copy(Matched(peft.Trainable, weights), weights);
        return peft;
    }

    /// <summary>
    /// The tensors of a MedPeft adapter that sets values of the model's own parameters (<c>ln</c>, <c>bitfit</c>,
    /// <c>attn</c>, <c>ffn</c>, <c>full</c>), by parameter name, and the LoRA and IA3 layers it adds, as adapters of no
    /// model by the name of their linear layer; checked against <paramref name="model"/> as <see cref="Load"/> checks them
    /// but leaving the model as it is. Null for an adapter that adds other layers (prefixes, prompts, bottleneck adapters)
    /// or an HF PEFT adapter, which only <see cref="Load"/> can apply.
    /// </summary>
    public static AdapterValues? ReadValues(IHfModel model, string directory)
    {
        var configPath = Path.Combine(directory, ConfigFile);
        if (!File.Exists(configPath)) return File.Exists(Path.Combine(directory, PeftLoraFormat.ConfigFile)) ? null : throw NoAdapter(directory);
        var (config, plan, weights) = Checked(model, configPath, directory);
        using var structure = MetaStructure.Of(model);
        var applied = Applied(structure, plan, config.Options, configPath);
        var parameters = Matched(applied.Trainable, weights);
        Tensor Read(string name) => weights.Read(KeyPrefix + name, parameters[KeyPrefix + name].dtype);
        var added = new Dictionary<string, IReadOnlyList<ILinearAdapter>>(StringComparer.Ordinal);
        var addedNames = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (name, module) in structure.Module.named_modules())
        {
            if (module is not AdaptableLinear { Adapters.Count: > 0 } linear) continue;
            var layerValues = new List<ILinearAdapter>();
            foreach (var adapter in linear.Adapters)
            {
                string[] names = adapter switch
                {
                    LoraAdapter => [$"{name}.{LoraAdapter.AName}.weight", $"{name}.{LoraAdapter.BName}.weight"],
                    Ia3Adapter => [$"{name}.{Ia3Adapter.ParameterName}"],
                    _ => [],
                };
                if (names.Length == 0) return null;
                addedNames.UnionWith(names);
                layerValues.Add(adapter is LoraAdapter lora ? new LoraValues(Read(names[0]), Read(names[1]), lora.Scaling)
                    : new Ia3Values(Read(names[0]), ((Ia3Adapter)adapter).FeedForward));
            }
            added[name] = layerValues;
        }
        var own = model.Module.named_parameters().Select(p => KeyPrefix + p.name).ToHashSet(StringComparer.Ordinal);
        var ownValues = parameters.Keys.Where(key => !addedNames.Contains(key[KeyPrefix.Length..])).ToList();
        if (!ownValues.All(own.Contains)) return null;
        var values = ownValues.ToDictionary(key => key[KeyPrefix.Length..], key => Read(key[KeyPrefix.Length..]), StringComparer.Ordinal);
        return new AdapterValues(plan, config.BaseModel, PeftAccount.Of(applied).Trainable, values, added);
    }

    /// <summary>The adapter's config and plan, after checking it was trained on <paramref name="model"/>.</summary>
    static (AdapterConfig Config, PeftPlan Plan, SafeTensorsFile Weights) Checked(IHfModel model, string configPath, string directory)
    {
        var config = Read(configPath);
        var identity = BaseModelIdentity.Of(model);
        if (config.BaseFingerprint != identity.Fingerprint)
        {
            var saved = new BaseModelIdentity(config.ModelType, config.Architecture, config.BaseParameters, config.BaseFingerprint, new Dictionary<string, long[]>());
            throw new AdapterMismatchException($"{configPath}: this adapter does not fit the model: {saved.Difference(identity) ?? "different parameter names or shapes"}.");
        }
        var plan = new PeftPlan(config.Applied.Select(a => new PlanItem(a.Method, a.Components)).ToList());
        return (config, plan, SafeTensorsFile.Open(Path.Combine(directory, WeightsFile)));
    }

    // The options are checked when the file is read; what fails here is the plan it records.
    static PeftModel Applied(IHfModel model, PeftPlan plan, PeftOptions options, string configPath)
    {
        try
        {
            return PeftModel.Apply(model, plan, options);
        }
        catch (MedPeftException e)
        {
            throw new MedPeftException($"{configPath}: field 'applied' does not fit the model: {e.Message}");
        }
    }

    static AdapterConfig Read(string path)
    {
        AdapterConfig config;
        try
        {
            config = JsonSerializer.Deserialize<AdapterConfig>(File.ReadAllText(path), Json)
                ?? throw new MedPeftException($"{path}: empty adapter config.");
        }
        catch (JsonException e)
        {
            throw new MedPeftException($"{path}: not a valid MedPeft adapter config ({e.Message}).");
        }
        // List elements are outside the nullable annotations the reader respects.
        if (config.Applied.Any(item => item is null || item.Components.Any(component => component is null)))
            throw new MedPeftException($"{path}: field 'applied' must list {{\"method\", \"components\"}} objects with component names.");
        PeftOptionsJson.Validated(config.Options, path, "options");
        return config;
    }

    /// <summary>Copies the file's tensors into the given parameters; every one must be there with its shape, and nothing else.</summary>
    public static void LoadTensors(IReadOnlyList<(string Name, TorchSharp.Modules.Parameter Parameter)> parameters, string path)
    {
        var file = SafeTensorsFile.Open(path);
        Copy(Matched(parameters, file), file);
    }

    /// <summary>The parameters by file key, after checking that the file holds each with its shape, and nothing else (headers only).</summary>
    static Dictionary<string, TorchSharp.Modules.Parameter> Matched(IReadOnlyList<(string Name, TorchSharp.Modules.Parameter Parameter)> parameters, SafeTensorsFile file)
    {
        var expected = parameters.ToDictionary(p => KeyPrefix + p.Name, p => p.Parameter, StringComparer.Ordinal);
        var missing = expected.Keys.Where(k => !file.Entries.ContainsKey(k)).ToList();
        var unexpected = file.Entries.Keys.Where(k => !expected.ContainsKey(k)).ToList();
        if (missing.Count > 0) throw new MedPeftException($"{file.Path}: missing tensor '{missing[0]}'{More(missing)} that the adapter's plan creates.");
        if (unexpected.Count > 0) throw new MedPeftException($"{file.Path}: unexpected tensor '{unexpected[0]}'{More(unexpected)} that the adapter's plan does not create.");
        foreach (var (key, parameter) in expected)
        {
            var shape = file.Entries[key].Shape;
            if (!shape.SequenceEqual(parameter.shape))
                throw new MedPeftException($"{file.Path}: tensor '{key}' has shape [{string.Join(", ", shape)}], the model expects [{string.Join(", ", parameter.shape)}].");
        }
        return expected;
    }

    static void Copy(Dictionary<string, TorchSharp.Modules.Parameter> parameters, SafeTensorsFile file)
    {
        using var noGrad = torch.no_grad();
        foreach (var (key, parameter) in parameters)
        {
            using var value = file.Read(key, parameter.dtype);
            parameter.copy_(value);
        }
    }

    static MedPeftException NoAdapter(string directory) =>
        new($"{directory}: no {ConfigFile} (MedPeft adapter) or {PeftLoraFormat.ConfigFile} (HF PEFT adapter) found.");

    static string More(List<string> names) => names.Count > 1 ? $" (and {names.Count - 1} more)" : "";
}
