using System.Collections.Concurrent;

namespace MedPeft.Evaluation.Metrics.WordNet;

/// <summary>
/// The compact WordNet 3.0 that ships inside this assembly (the repository's <c>data/wordnet</c>,
/// written by <see cref="CompactWordNet"/>), so METEOR needs nothing installed. Each file is
/// decompressed into memory on first use and kept for the life of the process (≈10.7 MB in all).
/// </summary>
static class ShippedWordNet
{
    const string ResourcePrefix = "MedPeft.BuiltInData.wordnet.";

    static readonly ConcurrentDictionary<string, Lazy<byte[]>> Files = new(StringComparer.Ordinal);

    /// <summary>The content of the database file <paramref name="name"/> (e.g. <c>index.noun</c>).</summary>
    public static WordNetBytes Open(string name) =>
        WordNetBytes.OfMemory(Files.GetOrAdd(name, key => new Lazy<byte[]>(() => Decompress(key))).Value);

    static byte[] Decompress(string name)
    {
        var resource = $"{ResourcePrefix}{name}{CompactWordNet.Extension}";
        using var stream = typeof(ShippedWordNet).Assembly.GetManifestResourceStream(resource)
            ?? throw new MedPeftException($"this build of MedPeft lacks its shipped WordNet file {resource}");
        return WordNetBytes.Gunzip(stream);
    }
}
