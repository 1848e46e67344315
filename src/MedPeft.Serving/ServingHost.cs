using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace MedPeft.Serving;

/// <summary>
/// The server: the web application with its middleware (access log, errors as JSON, body limit, bearer token) and
/// routes, the adapter registry, and the inference queue on an <see cref="InferenceEngine"/> the caller owns.
/// </summary>
internal sealed class ServingHost : IAsyncDisposable
{
    readonly InferenceQueue queue;

    ServingHost(WebApplication app, InferenceQueue queue, AdapterRegistry adapters)
    {
        App = app;
        this.queue = queue;
        Adapters = adapters;
    }

    public WebApplication App { get; }
    public AdapterRegistry Adapters { get; }

    /// <param name="configure">Where it listens: Kestrel on an address (the command), or ASP.NET Core's test server.</param>
    public static ServingHost Create(ServeOptions options, InferenceEngine engine, TextWriter log, Action<WebApplicationBuilder> configure)
    {
        options.Validated();
        var token = options.Token is null ? null : new BearerToken(options.Token);
        var adapters = new AdapterRegistry(engine, options.AdapterRoot is null ? null : new AdapterRoot(options.AdapterRoot));
        foreach (var (name, folder) in options.Adapters) adapters.Load(name, folder);
        var queue = new InferenceQueue(new BatchRunner(engine, options.MixedBatches), options.Queue, options.MaxBatch, options.BatchWait);
        var answers = new AnswerService(engine, adapters, queue, options.RequestTimeout);

        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.Services.Configure<FormOptions>(form =>
        {
            form.MultipartBodyLengthLimit = options.MaxUpload;
            form.ValueLengthLimit = (int)Math.Min(int.MaxValue, options.MaxUpload);
        });
        configure(builder);
        var app = builder.Build();

        var accessLog = new AccessLog(log);
        app.Use((context, next) => accessLog.InvokeAsync(context, () => next(context)));
        app.Use(async (context, next) =>
        {
            try
            {
                if (context.Request.ContentLength > options.MaxUpload) throw ServingException.TooLarge(options.MaxUpload);
                if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } limit) limit.MaxRequestBodySize = options.MaxUpload;
                if (token is not null && context.Request.Path.StartsWithSegments("/v1") && !token.Accepts(context.Request))
                    throw new ServingException(401, "unauthorized", "this server needs 'Authorization: Bearer <token>' on every /v1/ call.");
                await next(context);
            }
            catch (Exception e) when (!context.Response.HasStarted && !(e is OperationCanceledException && context.RequestAborted.IsCancellationRequested))
            {
                await ErrorResponses.WriteAsync(context, ErrorResponses.Of(e, options.MaxUpload));
            }
        });
        app.MapGet("/", () => WebPage.File("index.html"));
        app.MapGet("/{file}", (string file) => WebPage.File(file));
        ApiEndpoints.Map(app, engine, adapters, answers, queue);
        return new ServingHost(app, queue, adapters);
    }

    public async ValueTask DisposeAsync()
    {
        await App.DisposeAsync();
        queue.Dispose();
        Adapters.Clear();
    }
}
