using MedPeft.Nn;
using MedPeft.Peft;
using MedPeft.Runs;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace MedPeft.Serving;

/// <summary>
/// A loaded adapter, served in one of three ways (<see cref="ServedAs"/>). One whose every value has a per-sample place
/// — norm weights and biases (<c>ln</c>), biases of linear layers, convolutions and prediction heads (<c>bitfit</c>), LoRA
/// and IA3 layers — is computed per sample on the one base model: requests for several such adapters and the base model
/// share one forward pass (<see cref="SampleNorms"/>, <see cref="SampleLayers"/>). Another one that only sets values of the
/// base model's own parameters (<c>attn</c>, <c>ffn</c>, <c>full</c>) is held as those values and swapped into the base
/// model; one that adds other layers (prefixes, prompts, bottleneck adapters, an HF PEFT LoRA folder) gets a model of its
/// own with the adapter applied, as <c>predict</c> loads it.
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

    ServedAdapter(string name, AdapterValues values) : this(name, values.Plan.ToString(), values.TrainableParameters, values.BaseModel, values, null) { }

    public string Name { get; }
    /// <summary>The method plan, as <c>--method</c> writes it (<c>ln@vision:text-encoder:decoder</c>).</summary>
    public string Plan { get; }
    public long TrainableParameters { get; }
    /// <summary>The base model the adapter file names.</summary>
    public string BaseModel { get; }
    public AdapterValues? Values { get; }
    public ServedModel? Own { get; }
    /// <summary>Per sample: the adapter's weight and bias of each norm layer it changes (null where it keeps the base model's).</summary>
    public IReadOnlyDictionary<nn.Module, (Tensor? Weight, Tensor? Bias)> Norms { get; private init; } = new Dictionary<nn.Module, (Tensor?, Tensor?)>();
    /// <summary>Per sample: what the adapter adds to or changes in each linear layer.</summary>
    public IReadOnlyDictionary<AdaptableLinear, LinearChange> Linears { get; private init; } = new Dictionary<AdaptableLinear, LinearChange>();
    /// <summary>Per sample: the adapter's bias of each convolution or <see cref="IOutputBias"/> layer it changes.</summary>
    public IReadOnlyDictionary<nn.Module, Tensor> Biases { get; private init; } = new Dictionary<nn.Module, Tensor>();
    /// <summary>True when it is computed per sample on the base model: its requests can share a forward pass with other such adapters' and the base model's.</summary>
    public bool Mixable { get; private init; }
    /// <summary>Set once the adapter is unloaded: requests still queued for it are refused.</summary>
    public bool Removed { get; set; }

    /// <summary>How the adapter is served, as <c>GET /v1/adapters</c> says it.</summary>
    public string ServedAs => Mixable ? "per sample on the base model" : Own is null ? "values in the base model" : "a model of its own";

    /// <summary>The adapter computed per sample, or held as values to swap into the base model; null when it needs a model of its own
    /// (it adds LoRA or IA3 layers and sets values that have no per-sample place).</summary>
    /// <param name="modules">The base model's modules by name.</param>
    public static ServedAdapter? WithValues(string name, AdapterValues values, IReadOnlyDictionary<string, nn.Module> modules) =>
        PerSample(name, values, modules) ?? (values.Added.Count == 0 ? new ServedAdapter(name, values) : null);

    // The adapter with its values by layer, or null when one of them has no per-sample place.
    static ServedAdapter? PerSample(string name, AdapterValues values, IReadOnlyDictionary<string, nn.Module> modules)
    {
        var norms = new Dictionary<nn.Module, (Tensor? Weight, Tensor? Bias)>();
        var linearBiases = new Dictionary<AdaptableLinear, Tensor>();
        var biases = new Dictionary<nn.Module, Tensor>();
        foreach (var (parameter, value) in values.Values)
        {
            int dot = parameter.LastIndexOf('.');
            if (dot < 0 || !modules.TryGetValue(parameter[..dot], out var module)) return null;
            switch (module, parameter[(dot + 1)..])
            {
                case (LayerNorm or BatchNorm2d or RMSNorm, "weight"):
                    norms[module] = (value, norms.GetValueOrDefault(module).Bias);
                    break;
                case (LayerNorm or BatchNorm2d or RMSNorm, "bias"):
                    norms[module] = (norms.GetValueOrDefault(module).Weight, value);
                    break;
                case (AdaptableLinear linear, "bias"):
                    linearBiases[linear] = value;
                    break;
                case (Conv2d or IOutputBias, "bias"):
                    biases[module] = value;
                    break;
                default:
                    return null;
            }
        }
        var linears = new Dictionary<AdaptableLinear, LinearChange>();
        foreach (var (host, added) in values.Added)
        {
            if (modules.GetValueOrDefault(host) is not AdaptableLinear linear) return null;
            linears[linear] = new LinearChange(added, null);
        }
        foreach (var (linear, bias) in linearBiases) linears[linear] = (linears.GetValueOrDefault(linear) ?? LinearChange.None) with { Bias = bias };
        return new ServedAdapter(name, values)
        {
            Norms = norms, Linears = linears, Biases = biases, Mixable = true,
        };
    }

    public static ServedAdapter WithOwnModel(string name, ServedModel own, string baseModel) =>
        new(name, own.Peft!.Plan.ToString(), PeftAccount.Of(own.Peft).Trainable, baseModel, null, own);

    /// <summary>The methods of the plan, without their scopes.</summary>
    public IReadOnlyList<string> Methods => Plan.Split('+').Select(item => item.Split('@')[0]).Distinct().ToList();
}
