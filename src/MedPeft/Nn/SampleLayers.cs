using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace MedPeft.Nn;

/// <summary>
/// What one group of samples (one adapter) changes in one linear layer: adapters it adds (LoRA, IA3) and the bias it
/// replaces (BitFit; null keeps the layer's own). Groups that change nothing share <see cref="None"/>.
/// </summary>
internal sealed record LinearChange(IReadOnlyList<ILinearAdapter> Adapters, Tensor? Bias)
{
    public static readonly LinearChange None = new([], null);
}

/// <summary>
/// Per-sample linear layers and biases for one forward pass, on this thread, beside <see cref="SampleNorms"/>: each group
/// of samples (one adapter, <see cref="SampleGroups"/>) goes through an <see cref="AdaptableLinear"/> with its own added
/// adapters and bias, and through a convolution or an <see cref="IOutputBias"/> layer with its own bias. Each group's rows
/// run the layer's own code with the group's values, so a row gets exactly what a batch of its group alone gives.
/// </summary>
internal sealed class SampleLayers
{
    readonly SampleGroups groups;
    readonly IReadOnlyDictionary<AdaptableLinear, LinearChange[]> linears;
    readonly IReadOnlyDictionary<nn.Module, Tensor[]> biases;

    /// <param name="groups">Each sample's group.</param>
    /// <param name="linears">For each linear layer some group changes, every group's change.</param>
    /// <param name="biases">For each convolution or <see cref="IOutputBias"/> layer whose bias some group changes, every group's bias.</param>
    public SampleLayers(SampleGroups groups, IReadOnlyDictionary<AdaptableLinear, LinearChange[]> linears, IReadOnlyDictionary<nn.Module, Tensor[]> biases)
    {
        this.groups = groups;
        this.linears = linears;
        this.biases = biases;
    }

    /// <summary>Makes these the layers' values on this thread until disposed.</summary>
    public IDisposable Use() => ThreadCurrent<SampleLayers>.Use(this);

    /// <summary>The linear layer's output when groups change it: each group's rows through <paramref name="forward"/> with its change.</summary>
    public static bool TryForward(AdaptableLinear linear, Tensor input, Func<Tensor, LinearChange, Tensor> forward, out Tensor output)
    {
        output = null!;
        if (ThreadCurrent<SampleLayers>.Value is not { } layers || !layers.linears.TryGetValue(linear, out var perGroup)) return false;
        output = layers.ByGroup(input, perGroup, (change, rows) => forward(rows, change));
        return true;
    }

    /// <summary>The convolution's output, each group's rows with its bias.</summary>
    /// <remarks>The group's bias goes into the layer for its rows (and the layer's own back afterwards), so each group runs
    /// exactly the kernel a batch of its own runs, bias included.</remarks>
    public static Tensor Apply(Conv2d conv, Tensor input)
    {
        if (ThreadCurrent<SampleLayers>.Value is not { } layers || !layers.biases.TryGetValue(conv, out var perGroup)) return conv.forward(input);
        using var noGrad = torch.no_grad();
        using var own = conv.bias!.detach().clone();
        try
        {
            return layers.ByGroup(input, perGroup, (bias, rows) =>
            {
                conv.bias!.copy_(bias);
                return conv.forward(rows);
            });
        }
        finally
        {
            conv.bias!.copy_(own);
        }
    }

    /// <summary><paramref name="output"/> plus the layer's bias, each group's rows plus its own.</summary>
    public static Tensor AddBias(IOutputBias layer, Tensor output)
    {
        if (ThreadCurrent<SampleLayers>.Value is not { } layers || !layers.biases.TryGetValue((nn.Module)layer, out var perGroup)) return output + layer.OutputBias;
        return layers.ByGroup(output, perGroup, (bias, rows) => rows + bias);
    }

    // Each group's rows through compute with the group's value; neighbouring groups holding the same value run together.
    Tensor ByGroup<T>(Tensor input, T[] perGroup, Func<T, Tensor, Tensor> compute) where T : class =>
        groups.Run(input, (a, b) => ReferenceEquals(perGroup[a], perGroup[b]), (group, rows) => compute(perGroup[group], rows));
}

/// <summary>A layer whose output ends with adding its bias parameter (BLIP's and BERT's prediction head), so per-sample biases can replace it.</summary>
internal interface IOutputBias
{
    /// <summary>The bias parameter added to the output; its name in the layer is <c>bias</c>.</summary>
    Tensor OutputBias { get; }
}
