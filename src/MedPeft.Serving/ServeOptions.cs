using System.Net;
using MedPeft.Nn;

namespace MedPeft.Serving;

/// <summary>
/// How <c>medpeft serve</c> runs: the base model and its adapters, where it listens, and the limits that keep one
/// client from starving the others.
/// </summary>
/// <param name="Model">A model folder or <c>medpeft-base</c>.</param>
/// <param name="Adapters">Adapters loaded at start, by name.</param>
/// <param name="AdapterRoot">The only folder <c>POST /v1/adapters</c> loads from (null: loading by request is off).</param>
/// <param name="MaxUpload">Largest request body, in bytes.</param>
/// <param name="MaxBatch">Most requests answered in one forward pass.</param>
/// <param name="MaxWait">How long the first request of a batch waits for others.</param>
/// <param name="Queue">Most answers waiting to be computed; more are refused with 503.</param>
/// <param name="Timeout">Longest a request waits for its answers (504 after).</param>
/// <param name="Token">The bearer token every API call must carry (null: none, only allowed on loopback).</param>
/// <param name="MixedBatches">Whether requests for the base model and different adapters computed per sample (<c>ln</c>, <c>bitfit</c>, <c>lora</c>, <c>ia3</c>) share forward passes (off: one adapter per pass).</param>
/// <param name="Precision">fp32, or bf16: the base model's frozen linear weights in bfloat16.</param>
internal sealed record ServeOptions(
    string Model,
    IReadOnlyList<(string Name, string Folder)> Adapters,
    string? AdapterRoot = null,
    IPAddress? Host = null,
    int Port = 8080,
    long MaxUpload = 32L << 20,
    int MaxBatch = 8,
    TimeSpan? MaxWait = null,
    int Queue = 256,
    TimeSpan? Timeout = null,
    string? Token = null,
    string? Template = null,
    string Device = "cpu",
    bool MixedBatches = true,
    Precision Precision = Precision.Fp32)
{
    public IPAddress Address => Host ?? IPAddress.Loopback;
    public TimeSpan BatchWait => MaxWait ?? TimeSpan.FromMilliseconds(5);
    public TimeSpan RequestTimeout => Timeout ?? TimeSpan.FromSeconds(120);

    /// <summary>Refuses settings that cannot work, and a non-loopback address without a token.</summary>
    public ServeOptions Validated()
    {
        if (Port is < 0 or > 65535) throw new MedPeftException($"--port {Port}: expected 0 to 65535.");
        if (MaxUpload < 1) throw new MedPeftException("--max-upload must be at least one byte.");
        if (MaxBatch < 1) throw new MedPeftException($"--max-batch {MaxBatch}: expected at least 1.");
        if (BatchWait < TimeSpan.Zero) throw new MedPeftException("--max-wait-ms must not be negative.");
        if (Queue < 1) throw new MedPeftException($"--queue {Queue}: expected at least 1.");
        if (RequestTimeout <= TimeSpan.Zero) throw new MedPeftException("--timeout must be positive.");
        if (!IPAddress.IsLoopback(Address) && Token is null)
            throw new MedPeftException($"--host {Address}: a server reachable from other machines needs --token-file (a bearer token every API call must carry).");
        foreach (var (name, _) in Adapters) AdapterNames.Check(name, "--adapter");
        if (Adapters.GroupBy(a => a.Name).FirstOrDefault(g => g.Count() > 1) is { } twice)
            throw new MedPeftException($"--adapter '{twice.Key}' is given {twice.Count()} times; each adapter needs its own name.");
        return this;
    }
}
