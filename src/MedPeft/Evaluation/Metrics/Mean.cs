namespace MedPeft.Evaluation.Metrics;

/// <summary>
/// Arithmetic means summed in the order the reference implementations sum, so corpus values agree
/// with them to the last bit: <c>numpy.mean</c> (pycocoevalcap's ROUGE-L and CIDEr-D) adds pairwise,
/// plain Python (<c>sum(xs) / len(xs)</c>: METEOR, VQA) adds left to right.
/// </summary>
internal static class Mean
{
    const int NumpyBlockSize = 128;

    /// <summary>Left-to-right sum divided by the count; NaN when there are no values.</summary>
    public static double Sequential(IReadOnlyList<double> values)
    {
        var sum = 0.0;
        foreach (var value in values) sum += value;
        return values.Count == 0 ? double.NaN : sum / values.Count;
    }

    /// <summary>numpy's pairwise sum (eight running sums per block of up to 128 values) divided by the count; NaN when there are no values.</summary>
    public static double Numpy(IReadOnlyList<double> values) =>
        values.Count == 0 ? double.NaN : PairwiseSum(values, 0, values.Count) / values.Count;

    static double PairwiseSum(IReadOnlyList<double> a, int start, int n)
    {
        if (n < 8)
        {
            var sum = 0.0;
            for (var i = 0; i < n; i++) sum += a[start + i];
            return sum;
        }
        if (n <= NumpyBlockSize)
        {
            var r = new double[8];
            for (var k = 0; k < 8; k++) r[k] = a[start + k];
            var i = 8;
            for (; i < n - n % 8; i += 8)
                for (var k = 0; k < 8; k++) r[k] += a[start + i + k];
            var total = ((r[0] + r[1]) + (r[2] + r[3])) + ((r[4] + r[5]) + (r[6] + r[7]));
            for (; i < n; i++) total += a[start + i];
            return total;
        }
        var half = n / 2;
        half -= half % 8;
        return PairwiseSum(a, start, half) + PairwiseSum(a, start + half, n - half);
    }
}
