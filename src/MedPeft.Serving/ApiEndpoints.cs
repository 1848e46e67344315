using System.Text.Json.Nodes;
using MedPeft.Data.Datasets;
using MedPeft.Nn;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace MedPeft.Serving;

/// <summary>The HTTP API's routes (what each returns: README, "Serving").</summary>
internal static class ApiEndpoints
{
    /// <summary>Most requests in one <c>POST /v1/vqa/batch</c>.</summary>
    public const int MaxBatchItems = 256;

    public static void Map(WebApplication app, InferenceEngine engine, AdapterRegistry adapters, AnswerService answers, InferenceQueue queue)
    {
        app.MapGet("/health", () => Results.Json(new
        {
            status = "ok",
            model = engine.ModelName,
            architecture = engine.Architecture,
            precision = Precisions.Name(engine.Precision),
            adapters = adapters.All.Count,
            queue_waiting = queue.Waiting,
            forward_passes = queue.ForwardPasses,
            // Resident memory of the process, to watch for growth under load.
            memory_bytes = Environment.WorkingSet,
        }));

        app.MapGet("/v1/adapters", () => Results.Json(new
        {
            @base = new { model = engine.ModelName, architecture = engine.Architecture, parameters = engine.Identity.Parameters, fingerprint = engine.Identity.Fingerprint },
            adapters = adapters.All.Select(a => Describe(a, engine)),
        }));

        app.MapPost("/v1/adapters", async (HttpRequest request) =>
        {
            var body = await JsonNode.ParseAsync(request.Body, cancellationToken: request.HttpContext.RequestAborted) as JsonObject
                ?? throw ServingException.BadRequest("expected a JSON object {\"name\", \"path\"}.");
            string name = Field(body, "name"), path = Field(body, "path");
            var adapter = adapters.LoadFromRoot(name, path);
            return Results.Json(Describe(adapter, engine), statusCode: 201);
        });

        app.MapDelete("/v1/adapters/{name}", (string name) =>
        {
            adapters.Remove(name);
            return Results.Json(new { removed = name });
        });

        app.MapPost("/v1/vqa", async (HttpRequest request) => await Answer(request, answers, DatasetTask.Vqa));
        app.MapPost("/v1/report", async (HttpRequest request) => await Answer(request, answers, DatasetTask.Report));
        app.MapPost("/v1/vqa/batch", async (HttpRequest request) => await Batch(request, answers));

        app.MapPost("/v1/render", async (HttpRequest request) =>
        {
            var asked = await AnswerRequestReader.ReadAsync(request, questionRequired: false);
            using var pixels = answers.Pixels(asked, DatasetTask.Vqa);
            return Results.Bytes(ImageRender.Png(pixels, engine.Images(DatasetTask.Vqa).Preprocessing), "image/png");
        });
    }

    static object Describe(ServedAdapter adapter, InferenceEngine engine) => new
    {
        name = adapter.Name,
        method = string.Join("+", adapter.Methods),
        plan = adapter.Plan,
        trainable_parameters = adapter.TrainableParameters,
        trainable_bytes = adapter.TrainableParameters * sizeof(float),
        base_model = adapter.BaseModel,
        base_fingerprint = engine.Identity.Fingerprint,
        served_as = adapter.ServedAs,
    };

    static async Task<IResult> Answer(HttpRequest request, AnswerService answers, DatasetTask task)
    {
        var asked = await AnswerRequestReader.ReadAsync(request, questionRequired: task == DatasetTask.Vqa);
        var result = await answers.AnswerAsync(asked, task, request.HttpContext.RequestAborted);
        return Results.Json(new { answers = result.Select(Json) });
    }

    /// <summary>
    /// <c>{"items": [request, ...]}</c> → <c>{"results": [{"answers": [...]} or {"error", "detail", "status"}]}</c>: every
    /// request is queued at once (so they share forward passes); one that fails does not fail the others.
    /// </summary>
    static async Task<IResult> Batch(HttpRequest request, AnswerService answers)
    {
        var deadline = answers.Deadline;
        var body = await JsonNode.ParseAsync(request.Body, cancellationToken: request.HttpContext.RequestAborted) as JsonObject;
        if (body?["items"] is not JsonArray list) throw ServingException.BadRequest("expected a JSON object {\"items\": [requests]}.");
        if (list.Count is 0 or > MaxBatchItems) throw ServingException.BadRequest($"field 'items': expected 1 to {MaxBatchItems} requests (got {list.Count}).");
        var prepared = new List<(IReadOnlyList<WorkItem>? Items, ErrorResponses.Error? Error)>();
        foreach (var (node, i) in list.Select((node, i) => (node, i)))
        {
            try
            {
                var asked = AnswerRequestReader.FromJson(node as JsonObject ?? throw ServingException.BadRequest($"field 'items[{i}]': expected an object."), true, $"items[{i}].");
                prepared.Add((answers.Prepare(asked, DatasetTask.Vqa), null));
            }
            catch (Exception e) when (e is ServingException or MedPeftException)
            {
                prepared.Add((null, ErrorResponses.Of(e, 0)));
            }
        }
        var all = prepared.Where(p => p.Items is not null).SelectMany(p => p.Items!).ToList();
        answers.Submit(all);
        var results = new List<object>();
        foreach (var (items, error) in prepared)
        {
            if (items is null)
            {
                results.Add(new { error = error!.Code, detail = error.Detail, status = error.Status });
                continue;
            }
            try
            {
                results.Add(new { answers = (await answers.WaitAsync(items, deadline, request.HttpContext.RequestAborted)).Select(Json) });
            }
            catch (Exception e) when (e is ServingException or MedPeftException)
            {
                var failure = ErrorResponses.Of(e, 0);
                results.Add(new { error = failure.Code, detail = failure.Detail, status = failure.Status });
            }
        }
        return Results.Json(new { results });
    }

    static object Json(Answer answer) => new { adapter = answer.Adapter, answer = answer.Text, tokens = answer.Tokens, latency_ms = answer.LatencyMs };

    static string Field(JsonObject body, string name) =>
        body[name] is JsonValue value && value.TryGetValue<string>(out var text) ? text : throw ServingException.BadRequest($"field '{name}': expected a string.");
}
