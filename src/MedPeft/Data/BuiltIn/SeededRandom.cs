namespace MedPeft.Data.BuiltIn;

/// <summary>
/// xoshiro256** seeded through SplitMix64: a fully specified generator, so a seed gives the same
/// sequence on every machine and .NET version (System.Random's algorithm is not specified).
/// Only integer arithmetic and exact double conversions are used.
/// </summary>
public sealed class SeededRandom
{
    ulong s0, s1, s2, s3;

    /// <summary>A generator for <paramref name="seed"/>; <paramref name="stream"/> picks an independent sequence (e.g. one per image).</summary>
    public SeededRandom(ulong seed, ulong stream = 0)
    {
        var x = seed ^ (stream * 0xD1B54A32D192ED03UL);
        s0 = SplitMix(ref x); s1 = SplitMix(ref x); s2 = SplitMix(ref x); s3 = SplitMix(ref x);
    }

    static ulong SplitMix(ref ulong x)
    {
        x += 0x9E3779B97F4A7C15UL;
        var z = x;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    static ulong Rotl(ulong x, int k) => (x << k) | (x >> (64 - k));

    public ulong NextUInt64()
    {
        var result = Rotl(s1 * 5, 7) * 9;
        var t = s1 << 17;
        s2 ^= s0; s3 ^= s1; s1 ^= s2; s0 ^= s3;
        s2 ^= t;
        s3 = Rotl(s3, 45);
        return result;
    }

    /// <summary>Uniform in [0, 1) with 53 random bits.</summary>
    public double NextDouble() => (NextUInt64() >> 11) * (1.0 / (1UL << 53));

    /// <summary>Uniform in [min, max).</summary>
    public double Uniform(double min, double max) => min + (max - min) * NextDouble();

    /// <summary>Uniform integer in [0, count), without modulo bias.</summary>
    public int NextInt(int count)
    {
        if (count <= 0) throw new ArgumentOutOfRangeException(nameof(count), count, "must be positive");
        var bound = (ulong)count;
        var limit = ulong.MaxValue - ulong.MaxValue % bound;
        ulong value;
        do value = NextUInt64(); while (value >= limit);
        return (int)(value % bound);
    }

    public bool NextBool() => (NextUInt64() >> 63) != 0;

    /// <summary>Approximately standard normal (sum of four uniforms, rescaled): arithmetic only, so bit-identical everywhere.</summary>
    public double NextNormalish()
    {
        var sum = NextDouble() + NextDouble() + NextDouble() + NextDouble();
        return (sum - 2.0) * 1.7320508075688772; // variance of the sum is 4/12
    }

    public T Pick<T>(IReadOnlyList<T> items) => items[NextInt(items.Count)];

    /// <summary>Fisher–Yates shuffle in place.</summary>
    public void Shuffle<T>(IList<T> items)
    {
        for (var i = items.Count - 1; i > 0; i--)
        {
            var j = NextInt(i + 1);
            (items[i], items[j]) = (items[j], items[i]);
        }
    }
}
