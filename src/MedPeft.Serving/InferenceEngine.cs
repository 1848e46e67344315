using MedPeft.Data.Datasets;
using MedPeft.Data.Images;
using MedPeft.Nn;
using MedPeft.Peft;
using MedPeft.Runs;
using MedPeft.Tasks;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace MedPeft.Serving;

/// <summary>
/// The base model, loaded once, and what runs on it. Every call that computes with the model holds one lock. An
/// adapter's values are copied into the model when its requests run and stay there until another adapter (or the base
/// model) needs it, so a run of requests for one adapter copies once.
/// </summary>
internal sealed class InferenceEngine : IDisposable
{
    readonly ServedModel served;
    readonly Dictionary<string, Parameter> parameters;
    readonly Dictionary<string, nn.Module> modules;
    // The base model's own values of every parameter an adapter has replaced so far.
    readonly Dictionary<string, Tensor> baseValues = new(StringComparer.Ordinal);
    // The base model's own convolution biases, kept for per-sample passes that put adapters' biases into the layers.
    readonly Dictionary<Conv2d, Tensor> convolutionBiases = new();
    readonly object gate = new();
    ServedAdapter? applied;

    public InferenceEngine(string modelName, string? template, string device, Precision precision = Precision.Fp32)
    {
        ModelName = modelName;
        Template = template;
        Device = device;
        Precision = precision;
        served = RunLoader.ForServing(modelName, adapter: null, template, device, precision);
        parameters = served.Model.Module.named_parameters().ToDictionary(p => p.name, p => p.parameter, StringComparer.Ordinal);
        modules = served.Model.Module.named_modules().ToDictionary(m => m.name, m => m.module, StringComparer.Ordinal);
        Identity = BaseModelIdentity.Of(served.Model);
    }

    public string ModelName { get; }
    public string? Template { get; }
    public string Device { get; }
    /// <summary>fp32, or bf16: the frozen linear weights in bfloat16, as <c>predict --precision bf16</c> loads them.</summary>
    public Precision Precision { get; }
    public BaseModelIdentity Identity { get; }
    public string Architecture => served.Model.Architecture;

    /// <summary>What turns a decoded image into the model's pixel values for <paramref name="task"/>.</summary>
    public ImagePipeline Images(DatasetTask task) => served.For(task).Images;

    /// <summary>
    /// One answer per question and image, each with its adapter in <paramref name="adapters"/> (null: the base model). Linear layers
    /// run on LibTorch's BLAS kernel whatever the batch: the oneDNN kernel training may choose takes over from 64 rows,
    /// and its other rounding would make an answer depend on how many requests shared its forward pass.
    /// </summary>
    /// <remarks>
    /// With several adapters (one per question), all <see cref="ServedAdapter.Mixable"/> or null, the model runs once with
    /// the base model's values, the samples sorted by adapter, and each sample's norms, biases and LoRA and IA3 layers its
    /// adapter's.
    /// </remarks>
    public IReadOnlyList<GeneratedText> Generate(IReadOnlyList<ServedAdapter?> adapters, DatasetTask task, IReadOnlyList<string?> questions, Tensor pixels, GenerationSettings settings)
    {
        var groups = adapters.Distinct().ToList();
        lock (gate)
        {
            using var kernel = OneDnnLinear.Use(LinearKernel.Blas);
            if (groups is [{ Own: { } own }]) return own.For(task).Generate(questions, pixels, settings);
            if (groups is [{ Mixable: false } swapped])
            {
                Apply(swapped);
                return served.For(task).Generate(questions, pixels, settings);
            }
            if (groups.Any(a => a is { Mixable: false })) throw new ArgumentException("only adapters computed per sample share a forward pass.", nameof(adapters));
            Apply(null);
            return PerSample(adapters, groups, task, questions, pixels, settings);
        }
    }

    IReadOnlyList<GeneratedText> PerSample(IReadOnlyList<ServedAdapter?> adapters, List<ServedAdapter?> groups, DatasetTask task, IReadOnlyList<string?> questions, Tensor pixels, GenerationSettings settings)
    {
        // Sorted by adapter, each adapter's samples are one range of rows in every layer.
        int[] groupOf = adapters.Select(a => groups.IndexOf(a)).ToArray();
        int[] order = Enumerable.Range(0, adapters.Count).OrderBy(i => groupOf[i]).ToArray();
        var sampleGroups = new SampleGroups(order.Select(i => groupOf[i]).ToArray());
        var norms = PerGroup(groups, a => a.Norms, NormOf);
        var linears = PerGroup(groups, a => a.Linears, (linear, a) => a?.Linears.GetValueOrDefault(linear) ?? LinearChange.None);
        var biases = PerGroup(groups, a => a.Biases, (module, a) => a?.Biases.GetValueOrDefault(module) ?? OwnBias(module));
        using var perSampleNorms = new SampleNorms(sampleGroups, norms).Use();
        using var perSampleLayers = new SampleLayers(sampleGroups, linears, biases).Use();
        using var index = torch.tensor(order, device: pixels.device);
        using var sorted = pixels.index_select(0, index);
        var texts = served.For(task).Generate(order.Select(i => questions[i]).ToList(), sorted, settings);
        var answers = new GeneratedText[texts.Count];
        for (int j = 0; j < order.Length; j++) answers[order[j]] = texts[j];
        return answers;
    }

    // For each layer some group's adapter changes, every group's value for it (valueOf: the adapter's, else the base model's).
    static Dictionary<TLayer, TValue[]> PerGroup<TLayer, TValue, TChange>(List<ServedAdapter?> groups, Func<ServedAdapter, IReadOnlyDictionary<TLayer, TChange>> changes,
        Func<TLayer, ServedAdapter?, TValue> valueOf) where TLayer : notnull =>
        groups.SelectMany(a => a is null ? [] : changes(a).Keys).Distinct().ToDictionary(layer => layer, layer => groups.Select(a => valueOf(layer, a)).ToArray());

    // The norm's weight and bias under the adapter: its values where it has them, the base model's elsewhere.
    static (Tensor Weight, Tensor? Bias) NormOf(nn.Module module, ServedAdapter? adapter)
    {
        var own = module.named_parameters(recurse: false).ToDictionary(p => p.name, p => (Tensor)p.parameter);
        var (weight, bias) = adapter?.Norms.GetValueOrDefault(module) ?? default;
        return (weight ?? own["weight"], bias ?? own.GetValueOrDefault("bias"));
    }

    // The base model's bias of a layer: for a convolution a copy, as SampleLayers puts each group's bias into the layer.
    Tensor OwnBias(nn.Module module) => module switch
    {
        Conv2d conv => convolutionBiases.TryGetValue(conv, out var own) ? own : convolutionBiases[conv] = conv.bias!.detach().clone().DetachFromDisposeScope(),
        IOutputBias layer => layer.OutputBias,
        _ => throw new ArgumentException($"{module.GetType().Name} has no per-sample bias.", nameof(module)),
    };

    /// <summary>The settings of <paramref name="task"/> when a request gives none.</summary>
    public GenerationSettings DefaultGeneration(DatasetTask task) => served.For(task).DefaultGeneration;

    /// <summary>
    /// Loads the adapter folder (checked against the base model: one made for another refuses with
    /// <see cref="AdapterMismatchException"/>).
    /// </summary>
    public ServedAdapter Load(string name, string folder)
    {
        AdapterValues? values;
        lock (gate) values = AdapterFiles.ReadValues(served.Model, folder);
        if (values is not null && ServedAdapter.WithValues(name, values, modules) is { } adapter) return adapter;
        // Loading a model of its own does not touch the base model: no lock.
        var own = RunLoader.ForServing(ModelName, folder, Template, Device, Precision);
        return ServedAdapter.WithOwnModel(name, own, ModelName);
    }

    /// <summary>Frees what an unloaded adapter holds, once no request computes with it.</summary>
    public void Unload(ServedAdapter adapter)
    {
        lock (gate)
        {
            adapter.Removed = true;
            if (applied == adapter) Apply(null);
            adapter.Own?.Dispose();
        }
    }

    // Puts the adapter's values (none: the base model's) into the model's parameters.
    void Apply(ServedAdapter? adapter)
    {
        if (applied == adapter) return;
        using var noGrad = torch.no_grad();
        if (applied?.Values is { } previous)
            foreach (var name in previous.Values.Keys) parameters[name].copy_(baseValues[name]);
        if (adapter?.Values is { } next)
            foreach (var (name, value) in next.Values)
            {
                var parameter = parameters[name];
                if (!baseValues.ContainsKey(name)) baseValues[name] = parameter.detach().clone().DetachFromDisposeScope();
                parameter.copy_(value);
            }
        applied = adapter;
    }

    public void Dispose()
    {
        served.Dispose();
        foreach (var value in baseValues.Values.Concat(convolutionBiases.Values)) value.Dispose();
    }
}
