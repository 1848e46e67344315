using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using MedPeft.Serving;

namespace MedPeft.Cli;

/// <summary><c>medpeft serve-bench</c>: a load run against a running <c>medpeft serve</c> (a benchmark, not a test).</summary>
internal static class ServeBenchCommand
{
    public static Command Create()
    {
        var url = new Option<string>("--url") { Description = "The server.", DefaultValueFactory = _ => "http://127.0.0.1:8080/" };
        var image = new Option<string>("--image") { Description = "The image every request sends (PNG, JPEG, DICOM, NIfTI).", Required = true };
        var question = new Option<string>("--question") { Description = "The question every request asks.", DefaultValueFactory = _ => "is there an abnormality?" };
        var adapters = new Option<string?>("--adapters") { Description = "Adapters taken in turn, comma-separated (base: the model without adapter); default: the base model." };
        var clients = new Option<int>("--clients") { Description = "Concurrent clients.", DefaultValueFactory = _ => 16 };
        var requests = new Option<int>("--requests") { Description = "Requests measured.", DefaultValueFactory = _ => 1000 };
        var warmup = new Option<int>("--warmup") { Description = "Requests sent first from all clients at once, not measured (the server meets every adapter and batch size before memory is measured).", DefaultValueFactory = _ => 128 };
        var tokenFile = new Option<string?>("--token-file") { Description = "The bearer token's file, when the server needs one." };
        var json = new Option<bool>("--json") { Description = "Print one JSON object." };
        var command = new Command("serve-bench",
            "Load a running 'medpeft serve' with concurrent clients and print throughput, latency percentiles, errors, forward passes and the\n" +
            "server's memory after warm-up and at the end.\n\nExample:\n  medpeft serve-bench --image scan.png --adapters ct,mri,base --clients 16 --requests 2000")
        {
            url, image, question, adapters, clients, requests, warmup, tokenFile, json,
        };
        command.SetAction(async (parse, cancel) =>
        {
            var path = parse.GetValue(image)!;
            if (!File.Exists(path)) throw new MedPeftException($"--image {path}: no such file.");
            if (parse.GetValue(clients) < 1 || parse.GetValue(requests) < 1 || parse.GetValue(warmup) < 0)
                throw new MedPeftException("--clients and --requests must be at least 1, --warmup at least 0.");
            if (!Uri.TryCreate(parse.GetValue(url), UriKind.Absolute, out var server)) throw new MedPeftException($"--url '{parse.GetValue(url)}': expected an absolute http URL.");
            var settings = new LoadSettings(server.AbsoluteUri.EndsWith('/') ? server : new Uri(server.AbsoluteUri + "/"), File.ReadAllBytes(path), Path.GetFileName(path),
                parse.GetValue(question)!, (parse.GetValue(adapters) ?? "").Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries),
                parse.GetValue(clients), parse.GetValue(requests), parse.GetValue(warmup),
                parse.GetValue(tokenFile) is { } file ? BearerToken.FromFile(file).Text : null);
            LoadResult result;
            try
            {
                result = await LoadBenchmark.RunAsync(settings);
            }
            catch (HttpRequestException e)
            {
                throw new MedPeftException($"--url {server}: {e.Message}");
            }
            var output = parse.InvocationConfiguration.Output;
            if (parse.GetValue(json)) output.WriteLine(JsonSerializer.Serialize(result, new JsonSerializerOptions { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower }));
            else output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{result.Requests} requests from {result.Clients} clients in {result.Seconds:0.0} s: {result.Throughput:0.00} requests/s, {result.Errors} errors" +
                $"{(result.Errors > 0 ? " (" + string.Join(", ", result.ErrorsByStatus.Select(e => $"{e.Value} x {e.Key}")) + ")" : "")}\n" +
                $"latency p50 {result.P50:0} ms, p95 {result.P95:0} ms, p99 {result.P99:0} ms; {result.ForwardPasses} forward passes ({result.Requests / (double)Math.Max(1, result.ForwardPasses):0.0} requests each)\n" +
                $"server memory {MemorySize.Format(result.MemoryBeforeWarmup)} before warm-up, {MemorySize.Format(result.MemoryAfterWarmup)} after it, {MemorySize.Format(result.MemoryAtEnd)} at the end"));
            return result.Errors == 0 ? ExitCodes.Success : ExitCodes.Failed;
        });
        return command;
    }
}
