using MedPeft.Nn;
using MedPeft.Peft;
using MedPeft.Runs;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace MedPeft.Serving;

/// <summary>
/// A loaded adapter. One that only sets values of the base model's own parameters (<c>ln</c>, <c>bitfit</c>, <c>attn</c>,
/// <c>ffn</c>, <c>full</c>) is held as those values and swapped into the one base model; one that adds layers (LoRA, IA3,
/// prefixes, prompts, bottleneck adapters) gets a model of its own with the adapter applied, as <c>predict</c> loads it.
/// One whose values are all norm weights and biases (<c>ln</c>) also has them by norm layer: requests for several such
/// adapters share one forward pass (<see cref="MedPeft.Nn.SampleNorms"/>).
/// </summary>
internal sealed class ServedAdapter
{
    ServedAdapter(string name, string plan, long trainable, string baseModel, AdapterValues? values, ServedModel? own)
    {
        Name = name;
        Plan = plan;
        TrainableParameters = trainable;
        BaseModel = baseModel;
        Values = values;
        Own = own;
    }

    public string Name { get; }
    /// <summary>The method plan, as <c>--method</c> writes it (<c>ln@vision:text-encoder:decoder</c>).</summary>
    public string Plan { get; }
    public long TrainableParameters { get; }
    /// <summary>The base model the adapter file names.</summary>
    public string BaseModel { get; }
    public AdapterValues? Values { get; }
    public ServedModel? Own { get; }
    /// <summary>The adapter's weight and bias of each norm layer it changes (null where it keeps the base model's); null unless it changes norms only.</summary>
    public IReadOnlyDictionary<nn.Module, (Tensor? Weight, Tensor? Bias)>? Norms { get; private init; }
    /// <summary>True when requests for it can share a forward pass with requests for other such adapters and the base model.</summary>
    public bool Mixable => Norms is not null;
    /// <summary>Set once the adapter is unloaded: requests still queued for it are refused.</summary>
    public bool Removed { get; set; }

    /// <param name="modules">The base model's modules by name.</param>
    public static ServedAdapter WithValues(string name, AdapterValues values, IReadOnlyDictionary<string, nn.Module> modules) =>
        new(name, values.Plan.ToString(), values.TrainableParameters, values.BaseModel, values, null) { Norms = NormsOf(values, modules) };

    // The values by norm layer, or null when one of them is not a norm's weight or bias.
    static Dictionary<nn.Module, (Tensor? Weight, Tensor? Bias)>? NormsOf(AdapterValues values, IReadOnlyDictionary<string, nn.Module> modules)
    {
        var norms = new Dictionary<nn.Module, (Tensor? Weight, Tensor? Bias)>();
        foreach (var (parameter, value) in values.Values)
        {
            int dot = parameter.LastIndexOf('.');
            var kind = parameter[(dot + 1)..];
            if (!modules.TryGetValue(parameter[..dot], out var module) || module is not (LayerNorm or BatchNorm2d or RMSNorm) || kind is not ("weight" or "bias"))
                return null;
            var (weight, bias) = norms.GetValueOrDefault(module);
            norms[module] = kind == "weight" ? (value, bias) : (weight, value);
        }
        return norms;
    }

    public static ServedAdapter WithOwnModel(string name, ServedModel own, string baseModel) =>
        new(name, own.Peft!.Plan.ToString(), PeftAccount.Of(own.Peft).Trainable, baseModel, null, own);

    /// <summary>The methods of the plan, without their scopes.</summary>
    public IReadOnlyList<string> Methods => Plan.Split('+').Select(item => item.Split('@')[0]).Distinct().ToList();
}
