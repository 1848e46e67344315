using System.CommandLine;
using System.Globalization;
using System.Net;
using MedPeft.Serving;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Hosting;

namespace MedPeft.Cli;

/// <summary><c>medpeft serve</c>: one base model, many adapters, over HTTP (see README, "Serving").</summary>
internal static class ServeCommand
{
    public static Command Create()
    {
        var model = new Option<string>("--model") { Description = "A model folder (with its tokenizer) or medpeft-base.", Required = true };
        var adapter = new Option<string[]>("--adapter") { Description = "An adapter to load at start, as name=folder (repeatable).", AllowMultipleArgumentsPerToken = false };
        var adapterRoot = new Option<string?>("--adapter-root") { Description = "The folder POST /v1/adapters may load adapters from (nothing outside it); without it, loading by request is off." };
        var host = new Option<string>("--host") { Description = "The address to listen on; another than loopback needs --token-file.", DefaultValueFactory = _ => "127.0.0.1" };
        var port = new Option<int>("--port") { Description = "The port (0: any free one, printed).", DefaultValueFactory = _ => 8080 };
        var maxUpload = new Option<string>("--max-upload") { Description = "Largest request body (413 beyond).", DefaultValueFactory = _ => "32MB" };
        var maxBatch = new Option<int>("--max-batch") { Description = "Most answers computed in one forward pass.", DefaultValueFactory = _ => 8 };
        var maxWait = new Option<int>("--max-wait-ms") { Description = "How long a request waits for others to share its forward pass.", DefaultValueFactory = _ => 5 };
        var queue = new Option<int>("--queue") { Description = "Most answers waiting; more are refused with 503 and Retry-After.", DefaultValueFactory = _ => 256 };
        var timeout = new Option<string>("--timeout") { Description = "Longest a request waits for its answers (504 after), e.g. 120s, 2m.", DefaultValueFactory = _ => "120s" };
        var tokenFile = new Option<string?>("--token-file") { Description = "A file whose first line is the bearer token every /v1/ call must carry." };
        var template = new Option<string?>("--template") { Description = "LLaVA conversation template: llava-1.5, mistral-instruct or plain (default by text model)." };
        var mixed = new Option<bool>("--mixed-batches") { Description = "Requests for the base model and different ln, bitfit, lora and ia3 adapters share forward passes (false: one adapter per pass, to compare).", DefaultValueFactory = _ => true };
        var precision = PrecisionOption.Create("fp32 (the default), or bf16: the base model's frozen linear weights stored in bfloat16, as predict --precision bf16 loads them.");
        var device = new Option<string>("--device") { Description = "cpu, or cuda / cuda:N with a CUDA build of LibTorch.", DefaultValueFactory = _ => "cpu" };
        var command = new Command("serve",
            "Answer questions about images over HTTP with one base model and many adapters: GET /health, GET/POST/DELETE\n" +
            "/v1/adapters, POST /v1/vqa, /v1/report, /v1/vqa/batch, /v1/render, and a web page at /.\n\n" +
            "Example:\n  medpeft serve --model medpeft-base --adapter ct=runs/ln-ct/checkpoints/best --adapter mri=runs/ln-mri/checkpoints/best")
        {
            model, adapter, adapterRoot, host, port, maxUpload, maxBatch, maxWait, queue, timeout, tokenFile, template, device, mixed, precision,
        };
        command.SetAction(async (parse, cancel) =>
        {
            var output = parse.InvocationConfiguration.Output;
            var options = new ServeOptions(parse.GetValue(model)!, Adapters(parse.GetValue(adapter) ?? []), parse.GetValue(adapterRoot), Address(parse.GetValue(host)!),
                parse.GetValue(port), MemorySize.Parse("--max-upload", parse.GetValue(maxUpload)!), parse.GetValue(maxBatch),
                TimeSpan.FromMilliseconds(parse.GetValue(maxWait)), parse.GetValue(queue), Duration(parse.GetValue(timeout)!),
                parse.GetValue(tokenFile) is { } file ? BearerToken.FromFile(file).Text : null, parse.GetValue(template), parse.GetValue(device)!, parse.GetValue(mixed),
                PrecisionOption.Parse(parse.GetValue(precision)!)).Validated();
            if (options.AdapterRoot is { } root && !Directory.Exists(root)) throw new MedPeftException($"--adapter-root {root}: no such folder.");
            BaseModelStep.EnsureBuilt(options.Model, output);
            using var engine = new InferenceEngine(options.Model, options.Template, options.Device, options.Precision);
            await using var server = ServingHost.Create(options, engine, output, builder => builder.WebHost.ConfigureKestrel(kestrel =>
            {
                kestrel.Listen(options.Address, options.Port);
                kestrel.Limits.MaxRequestBodySize = options.MaxUpload;
            }));
            await server.App.StartAsync(cancel);
            output.WriteLine($"serving {options.Model} ({engine.Architecture}) with {server.Adapters.All.Count} adapter(s) on {string.Join(", ", server.App.Urls)}");
            await server.App.WaitForShutdownAsync(cancel);
            return ExitCodes.Success;
        });
        return command;
    }

    static List<(string, string)> Adapters(string[] values) => values.Select(value =>
    {
        int equals = value.IndexOf('=');
        if (equals <= 0 || equals == value.Length - 1) throw new MedPeftException($"--adapter '{value}': expected name=folder.");
        var folder = value[(equals + 1)..];
        if (!Directory.Exists(folder)) throw new MedPeftException($"--adapter '{value}': no such folder {folder}.");
        return (value[..equals], folder);
    }).ToList();

    static IPAddress Address(string host) =>
        host == "localhost" ? IPAddress.Loopback
        : IPAddress.TryParse(host, out var address) ? address
        : throw new MedPeftException($"--host '{host}': expected an IP address (127.0.0.1, ::1, 0.0.0.0) or localhost.");

    /// <summary>A duration such as 120s, 2m, 500ms or a number of seconds.</summary>
    internal static TimeSpan Duration(string text)
    {
        var trimmed = text.Trim().ToLowerInvariant();
        var (number, unit) = trimmed.EndsWith("ms") ? (trimmed[..^2], 0.001) : trimmed.EndsWith('s') ? (trimmed[..^1], 1.0)
            : trimmed.EndsWith('m') ? (trimmed[..^1], 60.0) : (trimmed, 1.0);
        return double.TryParse(number, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && value > 0
            ? TimeSpan.FromSeconds(value * unit) : throw new MedPeftException($"--timeout '{text}': expected a positive duration such as 120s, 2m or 500ms.");
    }
}
