using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace MedPeft.Nn;

/// <summary>
/// A linear layer (<c>y = x Wᵀ + b</c>, weight [out, in] as in HF checkpoints) that PEFT methods
/// can extend with <see cref="ILinearAdapter"/>s without replacing the module, so parameter names
/// and every reference to the layer stay valid.
/// </summary>
internal sealed class AdaptableLinear : nn.Module<Tensor, Tensor>
{
    public Parameter weight;
    public Parameter? bias;
    readonly List<ILinearAdapter> adapters = new();

    public long InFeatures => weight.shape[1];
    public long OutFeatures => weight.shape[0];
    public IReadOnlyList<ILinearAdapter> Adapters => adapters;

    public AdaptableLinear(long inFeatures, long outFeatures, bool hasBias = true) : base(nameof(AdaptableLinear))
    {
        weight = new Parameter(ModuleFactory.Empty(outFeatures, inFeatures));
        bias = hasBias ? new Parameter(ModuleFactory.Zeros(outFeatures)) : null;
        // Deterministic fan-in initialisation for freshly built models; checkpoints overwrite it.
        using (torch.no_grad())
        {
            double bound = 1.0 / Math.Sqrt(inFeatures);
            weight.uniform_(-bound, bound);
        }
        RegisterComponents();
    }

    /// <summary>Makes this layer use another layer's weight (tied input/output embeddings).</summary>
    public void TieWeight(Parameter shared)
    {
        _internal_params.Remove(nameof(weight));
        weight = shared;
        register_parameter(nameof(weight), shared);
    }

    /// <summary>Attaches an adapter and registers its parameters under the given names.</summary>
    public void Attach(ILinearAdapter adapter, IEnumerable<(string Name, nn.Module Module)> modules, IEnumerable<(string Name, Parameter Parameter)> parameters)
    {
        foreach (var (name, module) in modules) register_module(name, module);
        foreach (var (name, parameter) in parameters) register_parameter(name, parameter);
        adapters.Add(adapter);
    }

    /// <summary>Detaches an adapter and unregisters the names it used.</summary>
    public void Detach(ILinearAdapter adapter, IEnumerable<string> names)
    {
        adapters.Remove(adapter);
        foreach (var name in names)
        {
            if (_internal_submodules.ContainsKey(name)) _internal_submodules.Remove(name);
            if (_internal_params.ContainsKey(name)) _internal_params.Remove(name);
        }
    }

    public override Tensor forward(Tensor input)
    {
        if (adapters.Count == 0) return OneDnnLinear.Apply(input, weight, bias);
        using var scope = NewDisposeScope();
        var x = input;
        foreach (var adapter in adapters) x = adapter.AdaptInput(x);
        var y = OneDnnLinear.Apply(x, weight, bias);
        foreach (var adapter in adapters)
            if (adapter.Delta(input) is { } delta) y = y + delta;
        foreach (var adapter in adapters) y = adapter.AdaptOutput(y);
        return y.MoveToOuterDisposeScope();
    }
}
