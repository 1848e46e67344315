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
    readonly object gate = new();
    ServedAdapter? applied;

    public InferenceEngine(string modelName, string? template, string device)
    {
        ModelName = modelName;
        Template = template;
        Device = device;
        served = RunLoader.ForServing(modelName, adapter: null, template, device);
        parameters = served.Model.Module.named_parameters().ToDictionary(p => p.name, p => p.parameter, StringComparer.Ordinal);
        modules = served.Model.Module.named_modules().ToDictionary(m => m.name, m => m.module, StringComparer.Ordinal);
        Identity = BaseModelIdentity.Of(served.Model);
    }

    public string ModelName { get; }
    public string? Template { get; }
    public string Device { get; }
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
    /// the base model's values and each sample's norm weights and biases its adapter's.
    /// </remarks>
    public IReadOnlyList<GeneratedText> Generate(IReadOnlyList<ServedAdapter?> adapters, DatasetTask task, IReadOnlyList<string?> questions, Tensor pixels, GenerationSettings settings)
    {
        var groups = adapters.Distinct().ToList();
        lock (gate)
        {
            using var kernel = OneDnnLinear.Use(LinearKernel.Blas);
            if (groups is [{ Own: { } own }]) return own.For(task).Generate(questions, pixels, settings);
            if (groups.Count == 1)
            {
                Apply(groups[0]);
                return served.For(task).Generate(questions, pixels, settings);
            }
            if (groups.Any(a => a is { Mixable: false })) throw new ArgumentException("only adapters that change norms alone share a forward pass.", nameof(adapters));
            Apply(null);
            var norms = groups.SelectMany(a => a?.Norms?.Keys ?? []).Distinct()
                .ToDictionary(module => module, module => groups.Select(a => NormOf(module, a)).ToArray());
            using var perSample = new SampleNorms(adapters.Select(a => groups.IndexOf(a)).ToArray(), norms).Use();
            return served.For(task).Generate(questions, pixels, settings);
        }
    }

    // The norm's weight and bias under the adapter: its values where it has them, the base model's elsewhere.
    static (Tensor Weight, Tensor? Bias) NormOf(nn.Module module, ServedAdapter? adapter)
    {
        var own = module.named_parameters(recurse: false).ToDictionary(p => p.name, p => (Tensor)p.parameter);
        var (weight, bias) = adapter?.Norms?.GetValueOrDefault(module) ?? default;
        return (weight ?? own["weight"], bias ?? own.GetValueOrDefault("bias"));
    }

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
        if (values is not null) return ServedAdapter.WithValues(name, values, modules);
        // Loading a model of its own does not touch the base model: no lock.
        var own = RunLoader.ForServing(ModelName, folder, Template, Device);
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
        foreach (var value in baseValues.Values) value.Dispose();
    }
}
