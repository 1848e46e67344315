namespace MedPeft.Data;

/// <summary>
/// A small random generator (SplitMix64) whose whole sequence is a pure function of the keys it is
/// created from, e.g. (seed, epoch, row index): a resumed run redraws the same augmentation and
/// order without saving any generator state, and the sequence never changes with the .NET version.
/// </summary>
internal sealed class DeterministicRandom
{
    ulong state;

    public DeterministicRandom(params long[] keys)
    {
        state = 0x9E37_79B9_7F4A_7C15;
        foreach (var key in keys) state = Mix(state ^ Mix((ulong)key + 0x632B_E59B_D9B4_E019));
    }

    public ulong NextUInt64()
    {
        state += 0x9E37_79B9_7F4A_7C15;
        return Mix(state);
    }

    /// <summary>A double in [0, 1) with 53 random bits.</summary>
    public double NextDouble() => (NextUInt64() >> 11) * (1.0 / (1UL << 53));

    /// <summary>An integer in [0, <paramref name="maxExclusive"/>).</summary>
    public int NextInt(int maxExclusive)
    {
        if (maxExclusive <= 0) throw new ArgumentOutOfRangeException(nameof(maxExclusive));
        return (int)((NextUInt64() >> 32) * (ulong)maxExclusive >> 32);
    }

    public double Uniform(double low, double high) => low + (high - low) * NextDouble();

    /// <summary>A permutation of 0..count-1 (Fisher–Yates).</summary>
    public int[] Permutation(int count)
    {
        var order = Enumerable.Range(0, count).ToArray();
        for (int i = count - 1; i > 0; i--)
        {
            int j = NextInt(i + 1);
            (order[i], order[j]) = (order[j], order[i]);
        }
        return order;
    }

    static ulong Mix(ulong z)
    {
        z = (z ^ (z >> 30)) * 0xBF58_476D_1CE4_E5B9;
        z = (z ^ (z >> 27)) * 0x94D0_49BB_1331_11EB;
        return z ^ (z >> 31);
    }
}
