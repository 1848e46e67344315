using System.Diagnostics;
using System.Net.Http.Headers;
using System.Text.Json;

namespace MedPeft.Serving;

/// <summary>What <c>medpeft serve-bench</c> sends: the same image and question, adapters in turn, from concurrent clients.</summary>
internal sealed record LoadSettings(Uri Url, byte[] Image, string ImageName, string Question, IReadOnlyList<string> Adapters, int Clients, int Requests, int Warmup, string? Token);

/// <summary>What a load run measured. Latencies in milliseconds; memory is the server's resident size (<c>/health</c>).</summary>
internal sealed record LoadResult(int Requests, int Clients, int Errors, IReadOnlyDictionary<int, int> ErrorsByStatus, double Seconds, double Throughput,
    double P50, double P95, double P99, long ForwardPasses, long MemoryBeforeWarmup, long MemoryAfterWarmup, long MemoryAtEnd);

/// <summary>
/// A load run against a running server: a warm-up of <see cref="LoadSettings.Warmup"/> requests from all clients at once
/// (not counted: the server meets every adapter and the batch sizes the load makes before memory is measured), then
/// <see cref="LoadSettings.Requests"/> requests of <c>POST /v1/vqa</c> from <see cref="LoadSettings.Clients"/> clients at
/// once, each taking the next request as soon as its last is answered.
/// </summary>
internal static class LoadBenchmark
{
    public static async Task<LoadResult> RunAsync(LoadSettings settings)
    {
        using var client = new HttpClient { BaseAddress = settings.Url, Timeout = TimeSpan.FromMinutes(10) };
        if (settings.Token is not null) client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", settings.Token);
        var (_, memoryBeforeWarmup) = await Health(client);
        await Send(client, settings, settings.Warmup, new double[settings.Warmup], new int[settings.Warmup]);
        var (passesBefore, memoryAfterWarmup) = await Health(client);
        var latencies = new double[settings.Requests];
        var statuses = new int[settings.Requests];
        var clock = Stopwatch.StartNew();
        await Send(client, settings, settings.Requests, latencies, statuses);
        double seconds = clock.Elapsed.TotalSeconds;
        var (passesAfter, memoryAtEnd) = await Health(client);
        var errors = statuses.Where(s => s != 200).GroupBy(s => s).ToDictionary(g => g.Key, g => g.Count());
        var sorted = latencies.Order().ToArray();
        return new LoadResult(settings.Requests, settings.Clients, errors.Values.Sum(), errors, seconds, settings.Requests / seconds,
            Percentile(sorted, 50), Percentile(sorted, 95), Percentile(sorted, 99), passesAfter - passesBefore, memoryBeforeWarmup, memoryAfterWarmup, memoryAtEnd);
    }

    // The requests from all clients at once, each client taking the next as soon as its last is answered.
    static Task Send(HttpClient client, LoadSettings settings, int requests, double[] latencies, int[] statuses)
    {
        int next = -1;
        return Task.WhenAll(Enumerable.Range(0, settings.Clients).Select(async _ =>
        {
            for (int i = Interlocked.Increment(ref next); i < requests; i = Interlocked.Increment(ref next))
            {
                long start = Stopwatch.GetTimestamp();
                try
                {
                    using var response = await Ask(client, settings, i);
                    statuses[i] = (int)response.StatusCode;
                }
                catch (HttpRequestException)
                {
                    statuses[i] = -1;
                }
                latencies[i] = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
            }
        }));
    }

    static Task<HttpResponseMessage> Ask(HttpClient client, LoadSettings settings, int index)
    {
        var form = new MultipartFormDataContent();
        var image = new ByteArrayContent(settings.Image);
        image.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        form.Add(image, "image", settings.ImageName);
        form.Add(new StringContent(settings.Question), "question");
        if (settings.Adapters.Count > 0) form.Add(new StringContent(settings.Adapters[index % settings.Adapters.Count]), "adapter");
        return client.PostAsync("v1/vqa", form);
    }

    static async Task<(long Passes, long Memory)> Health(HttpClient client)
    {
        using var health = JsonDocument.Parse(await client.GetStringAsync("health"));
        return (health.RootElement.GetProperty("forward_passes").GetInt64(), health.RootElement.GetProperty("memory_bytes").GetInt64());
    }

    /// <summary>The nearest-rank percentile of sorted values.</summary>
    internal static double Percentile(double[] sorted, double percent) =>
        sorted.Length == 0 ? double.NaN : sorted[Math.Clamp((int)Math.Ceiling(percent / 100 * sorted.Length) - 1, 0, sorted.Length - 1)];
}
