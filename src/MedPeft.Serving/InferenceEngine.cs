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
/// The base model, loaded once, and what runs on it. Every call that computes with the model holds one lock, so an
/// adapter's values are in the model only while its requests are answered (they stay until another adapter needs the
/// model: a run of requests for one adapter swaps once).
/// </summary>
internal sealed class InferenceEngine : IDisposable
{
    readonly ServedModel served;
    readonly Dictionary<string, Parameter> parameters;
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
    /// Answers with <paramref name="adapter"/> (null: the base model), one answer per question and image. Linear layers
    /// run on LibTorch's BLAS kernel whatever the batch: the oneDNN kernel training may choose takes over from 64 rows,
    /// and its other rounding would make an answer depend on how many requests shared its forward pass.
    /// </summary>
    public IReadOnlyList<GeneratedText> Generate(ServedAdapter? adapter, DatasetTask task, IReadOnlyList<string?> questions, Tensor pixels, GenerationSettings settings)
    {
        lock (gate)
        {
            using var kernel = OneDnnLinear.Use(LinearKernel.Blas);
            if (adapter?.Own is { } own) return own.For(task).Generate(questions, pixels, settings);
            Apply(adapter);
            return served.For(task).Generate(questions, pixels, settings);
        }
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
        if (values is not null) return ServedAdapter.WithValues(name, values);
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
