using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

namespace MedPeft.Nn;

/// <summary>
/// Norm weights and biases per sample for one forward pass, on this thread: the samples of a batch fall into groups
/// (one per adapter), and each group normalizes with its own scale and shift where it has one. A batch's rows are its
/// samples, or B x k rows with each sample's k rows together (beam search), so a row's group is its sample's. Each
/// group's rows go through the norm's own kernel with that group's parameters (<see cref="SampleGroups"/>), so every row
/// gets exactly what a batch of its group alone gives. Norm layers are called through <see cref="Apply"/> (RMSNorm asks it itself).
/// </summary>
internal sealed class SampleNorms
{
    readonly SampleGroups groups;
    readonly IReadOnlyDictionary<nn.Module, (Tensor Weight, Tensor? Bias)[]> parameters;

    /// <param name="groups">Each sample's group.</param>
    /// <param name="parameters">For each norm that differs between groups, every group's weight and bias.</param>
    public SampleNorms(SampleGroups groups, IReadOnlyDictionary<nn.Module, (Tensor Weight, Tensor? Bias)[]> parameters)
    {
        this.groups = groups;
        this.parameters = parameters;
    }

    /// <summary>Makes these the norms' parameters on this thread until disposed.</summary>
    public IDisposable Use() => ThreadCurrent<SampleNorms>.Use(this);

    /// <summary>The norm's output: its own forward, or per group when the samples' norms differ.</summary>
    public static Tensor Apply(nn.Module<Tensor, Tensor> norm, Tensor input)
    {
        if (ThreadCurrent<SampleNorms>.Value is not { } norms || !norms.parameters.TryGetValue(norm, out var perGroup)) return norm.forward(input);
        return norm switch
        {
            LayerNorm layer => norms.Grouped(input, perGroup, (x, w, b) => F.layer_norm(x, layer.normalized_shape, w, b, layer.eps)),
            BatchNorm2d batch => norms.Grouped(input, perGroup, (x, w, b) =>
                F.batch_norm(x, batch.running_mean, batch.running_var, w, b, training: false, momentum: batch.momentum ?? 0.1, eps: batch.eps)),
            _ => throw new ArgumentException($"{norm.GetType().Name} has no per-sample parameters.", nameof(norm)),
        };
    }

    /// <summary>The per-group weights of <paramref name="norm"/> on this thread, if its samples' weights differ.</summary>
    public static bool Active(nn.Module norm, out SampleNorms norms, out (Tensor Weight, Tensor? Bias)[] perGroup)
    {
        norms = ThreadCurrent<SampleNorms>.Value!;
        perGroup = [];
        return norms is not null && norms.parameters.TryGetValue(norm, out perGroup!);
    }

    /// <summary>Every group's rows through <paramref name="compute"/> with its parameters, back in their places.</summary>
    public Tensor Grouped(Tensor input, (Tensor Weight, Tensor? Bias)[] perGroup, Func<Tensor, Tensor, Tensor?, Tensor> compute) =>
        groups.Run(input, (a, b) => ReferenceEquals(perGroup[a].Weight, perGroup[b].Weight) && ReferenceEquals(perGroup[a].Bias, perGroup[b].Bias),
            (group, rows) => compute(rows, perGroup[group].Weight, perGroup[group].Bias));
}
