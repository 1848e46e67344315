namespace MedPeft.Data.BuiltIn;

/// <summary>The draws the dataset generators need on top of <see cref="DeterministicRandom"/>; arithmetic only, so bit-identical everywhere.</summary>
internal static class RandomDraws
{
    public static bool NextBool(this DeterministicRandom random) => (random.NextUInt64() >> 63) != 0;

    /// <summary>Approximately standard normal: the sum of four uniforms, centred and scaled to unit variance (no logarithm or sine).</summary>
    public static double NextNormalish(this DeterministicRandom random)
    {
        var sum = random.NextDouble() + random.NextDouble() + random.NextDouble() + random.NextDouble();
        return (sum - 2.0) * 1.7320508075688772; // the sum's variance is 4/12
    }

    public static T Pick<T>(this DeterministicRandom random, IReadOnlyList<T> items) => items[random.NextInt(items.Count)];

    /// <summary>Fisher–Yates shuffle in place.</summary>
    public static void Shuffle<T>(this DeterministicRandom random, IList<T> items)
    {
        for (var i = items.Count - 1; i > 0; i--)
        {
            var j = random.NextInt(i + 1);
            (items[i], items[j]) = (items[j], items[i]);
        }
    }
}
