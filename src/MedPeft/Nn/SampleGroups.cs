using static TorchSharp.torch;

namespace MedPeft.Nn;

/// <summary>
/// Which samples of a forward pass belong to which group (one group per adapter). A batch's rows are its samples, or
/// B x k rows with each sample's k rows together (beam search), so a row's group is its sample's, and a run of
/// neighbouring samples is one range of rows. A batch sorted by group has one range per group.
/// </summary>
internal sealed class SampleGroups
{
    readonly int[] groupOfSample;

    /// <param name="groupOfSample">Each sample's group.</param>
    public SampleGroups(int[] groupOfSample) => this.groupOfSample = groupOfSample;

    public int Count => groupOfSample.Length;

    /// <summary>
    /// Every run of neighbouring samples whose groups have the same parameters (<paramref name="same"/>) through
    /// <paramref name="compute"/> (given one of those groups) on its rows of <paramref name="input"/>, concatenated in
    /// order: a layer that several adapters leave as the base model has it runs once on all their rows. Each row gets what
    /// a batch of its group alone gives, as long as the layer's kernels compute rows independently.
    /// </summary>
    public Tensor Run(Tensor input, Func<int, int, bool> same, Func<int, Tensor, Tensor> compute)
    {
        long rows = input.shape[0], samples = groupOfSample.Length;
        if (rows % samples != 0) throw new InvalidOperationException($"a batch of {rows} rows is not {samples} samples of equal rows.");
        long perSample = rows / samples;
        var ranges = new List<(int Group, int Start, int Count)>();
        for (int s = 0; s < samples; s++)
        {
            int group = groupOfSample[s];
            if (ranges.Count > 0 && same(ranges[^1].Group, group)) ranges[^1] = ranges[^1] with { Count = ranges[^1].Count + 1 };
            else ranges.Add((group, s, 1));
        }
        if (ranges.Count == 1) return compute(ranges[0].Group, input);
        using var scope = NewDisposeScope();
        var parts = ranges.Select(r => compute(r.Group, input.narrow(0, r.Start * perSample, r.Count * perSample))).ToList();
        return cat(parts, 0).MoveToOuterDisposeScope();
    }
}
