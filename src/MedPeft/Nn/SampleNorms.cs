using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

namespace MedPeft.Nn;

/// <summary>
/// Norm weights and biases per sample for one forward pass, on this thread: the samples of a batch fall into groups
/// (one per adapter), and each group normalizes with its own scale and shift where it has one. A batch's rows are its
/// samples, or B x k rows with each sample's k rows together (beam search), so a row's group is its sample's. Each
/// group's rows go through the norm's own kernel with that group's parameters, so every row gets exactly what a batch
/// of its group alone gives. Norm layers are called through <see cref="Apply"/> (RMSNorm asks it itself).
/// </summary>
internal sealed class SampleNorms
{
    [ThreadStatic] static SampleNorms? current;

    readonly int[] groupOfSample;
    readonly IReadOnlyDictionary<nn.Module, (Tensor Weight, Tensor? Bias)[]> parameters;

    /// <param name="groupOfSample">Each sample's group.</param>
    /// <param name="parameters">For each norm that differs between groups, every group's weight and bias.</param>
    public SampleNorms(int[] groupOfSample, IReadOnlyDictionary<nn.Module, (Tensor Weight, Tensor? Bias)[]> parameters)
    {
        this.groupOfSample = groupOfSample;
        this.parameters = parameters;
    }

    /// <summary>Makes these the norms' parameters on this thread until disposed.</summary>
    public IDisposable Use()
    {
        var previous = current;
        current = this;
        return new Restore(previous);
    }

    sealed class Restore(SampleNorms? previous) : IDisposable
    {
        public void Dispose() => current = previous;
    }

    /// <summary>The norm's output: its own forward, or per group when the samples' norms differ.</summary>
    public static Tensor Apply(nn.Module<Tensor, Tensor> norm, Tensor input)
    {
        if (current is not { } norms || !norms.parameters.TryGetValue(norm, out var perGroup)) return norm.forward(input);
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
        norms = current!;
        perGroup = [];
        return current is not null && current.parameters.TryGetValue(norm, out perGroup!);
    }

    /// <summary>Every group's rows through <paramref name="compute"/> with its parameters, back in their places.</summary>
    public Tensor Grouped(Tensor input, (Tensor Weight, Tensor? Bias)[] perGroup, Func<Tensor, Tensor, Tensor?, Tensor> compute)
    {
        long rows = input.shape[0], samples = groupOfSample.Length;
        if (rows % samples != 0) throw new InvalidOperationException($"a batch of {rows} rows is not {samples} samples of equal rows.");
        long perSample = rows / samples;
        using var scope = NewDisposeScope();
        Tensor? output = null;
        foreach (var group in groupOfSample.Distinct())
        {
            var rowsOfGroup = Enumerable.Range(0, (int)samples).Where(s => groupOfSample[s] == group)
                .SelectMany(s => Enumerable.Range(0, (int)perSample).Select(r => s * perSample + r)).ToArray();
            var (weight, bias) = perGroup[group];
            if (rowsOfGroup.Length == rows) return compute(input, weight, bias).MoveToOuterDisposeScope();
            var index = torch.tensor(rowsOfGroup, device: input.device);
            var part = compute(input.index_select(0, index), weight, bias);
            output ??= torch.empty([rows, .. part.shape.Skip(1)], part.dtype, part.device);
            output.index_copy_(0, index, part);
        }
        return output!.MoveToOuterDisposeScope();
    }
}
