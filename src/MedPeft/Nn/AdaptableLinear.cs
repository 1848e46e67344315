using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace MedPeft.Nn;

/// <summary>
/// A linear layer (<c>y = x Wᵀ + b</c>, weight [out, in] as in HF checkpoints) that PEFT methods
/// can extend with <see cref="ILinearAdapter"/>s without replacing the module, so parameter names
/// and every reference to the layer stay valid. Built with <see cref="Precision.Bf16"/>, its weight is stored in
/// bfloat16 while it is frozen (<see cref="Bf16Linear"/> multiplies with it) and as float32 once it trains.
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
        // A bfloat16 weight is frozen until a PEFT plan trains it (and promotes it to float32).
        weight = new Parameter(InitialWeight(outFeatures, inFeatures), requires_grad: ModuleFactory.LinearWeightDType != ScalarType.BFloat16);
        bias = hasBias ? new Parameter(ModuleFactory.Zeros(outFeatures)) : null;
        RegisterComponents();
    }

    // Deterministic fan-in initialisation for freshly built models; checkpoints overwrite it. Drawn in the build's dtype
    // and rounded to a bfloat16 weight, so a seeded model's bf16 weights are its float32 weights rounded.
    // Drawn a block of rows at a time: LibTorch's CPU uniform_ draws element after element from one generator, so the
    // blocks hold what one draw of the whole weight holds, and the float32 scratch stays at this size (4M elements, 16 MiB)
    // instead of growing to the largest weight (BLIP's 94 MiB vocabulary head), which then stayed resident.
    const long DrawElements = 4L << 20;

    static Tensor InitialWeight(long outFeatures, long inFeatures)
    {
        using var noGrad = torch.no_grad();
        double bound = 1.0 / Math.Sqrt(inFeatures);
        if (ModuleFactory.LinearWeightDType == ModuleFactory.DType) return ModuleFactory.Empty(outFeatures, inFeatures).uniform_(-bound, bound);
        var weight = torch.empty([outFeatures, inFeatures], ModuleFactory.LinearWeightDType, ModuleFactory.Device);
        long rows = Math.Max(1, DrawElements / inFeatures);
        for (long start = 0; start < outFeatures; start += rows)
        {
            long count = Math.Min(rows, outFeatures - start);
            using var drawn = ModuleFactory.Scratch(count * inFeatures).uniform_(-bound, bound);
            weight.narrow(0, start, count).copy_(drawn.view(count, inFeatures));
        }
        return weight;
    }

    /// <summary>
    /// The dtype of trainable tensors added to this layer (LoRA, IA3, adapters, prefixes): float32 master weights when
    /// the frozen weight is stored in bfloat16, else the weight's.
    /// </summary>
    public ScalarType TrainableDType => weight.dtype == ScalarType.BFloat16 ? ScalarType.Float32 : weight.dtype;

    /// <summary>A bfloat16 weight that trains becomes a float32 master weight (its gradient and AdamW state then are float32 too).</summary>
    public void PromoteTrainableWeight()
    {
        if (!weight.requires_grad || weight.dtype != ScalarType.BFloat16) return;
        Parameter promoted;
        using (torch.no_grad()) promoted = new Parameter(weight.to_type(ScalarType.Float32), requires_grad: true);
        var stored = weight;
        _internal_params.Remove(nameof(weight));
        weight = promoted;
        register_parameter(nameof(weight), promoted);
        stored.Dispose();
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
        // Serving's per-sample pass: each group of samples with its own added adapters and bias (SampleLayers).
        if (SampleLayers.TryForward(this, input, (rows, change) => Forward(rows, [.. adapters, .. change.Adapters], change.Bias ?? bias), out var grouped))
            return grouped;
        return Forward(input, adapters, bias);
    }

    Tensor Forward(Tensor input, IReadOnlyList<ILinearAdapter> attached, Tensor? withBias)
    {
        if (attached.Count == 0) return Product(input, withBias);
        using var scope = NewDisposeScope();
        var x = input;
        foreach (var adapter in attached) x = adapter.AdaptInput(x);
        var y = Product(x, withBias);
        foreach (var adapter in attached)
            if (adapter.Delta(input) is { } delta) y = y + delta;
        foreach (var adapter in attached) y = adapter.AdaptOutput(y);
        return y.MoveToOuterDisposeScope();
    }

    // A bfloat16 weight meeting float32 activations goes through Bf16Linear; same dtypes through OneDnnLinear's choice.
    Tensor Product(Tensor x, Tensor? withBias) => weight.dtype == ScalarType.BFloat16 && x.dtype != ScalarType.BFloat16
        ? Bf16Linear.Apply(x, weight, withBias)
        : OneDnnLinear.Apply(x, weight, withBias);
}
