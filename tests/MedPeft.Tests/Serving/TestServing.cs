using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using MedPeft.Serving;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;

namespace MedPeft.Tests.Serving;

/// <summary>A server on ASP.NET Core's in-process test server, and helpers to call it.</summary>
internal sealed class TestServing : IAsyncDisposable
{
    readonly ServingHost host;

    TestServing(ServingHost host, HttpClient client, StringWriter log)
    {
        this.host = host;
        Client = client;
        Log = log;
    }

    public HttpClient Client { get; }
    public StringWriter Log { get; }

    public static Task<TestServing> StartAsync(ServingFixture fixture, ServeOptions? options = null) =>
        StartAsync(fixture.Engine, options ?? Options(fixture), builder => builder.WebHost.UseTestServer(), host => host.App.GetTestClient());

    /// <summary>A server of another engine (the fixture's model loaded otherwise, e.g. in bfloat16).</summary>
    public static Task<TestServing> StartAsync(InferenceEngine engine, ServeOptions options) =>
        StartAsync(engine, options, builder => builder.WebHost.UseTestServer(), host => host.App.GetTestClient());

    /// <summary>A server on Kestrel at 127.0.0.1 on a free port, as <c>medpeft serve</c> runs it, for a real browser; its client calls that address.</summary>
    public static Task<TestServing> StartOnLoopbackAsync(ServingFixture fixture) =>
        StartAsync(fixture.Engine, Options(fixture), builder => builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0)),
            // Once started, Kestrel names the port it bound in place of 0.
            host => new HttpClient { BaseAddress = new Uri(host.App.Urls.Single()) });

    static async Task<TestServing> StartAsync(InferenceEngine engine, ServeOptions options, Action<WebApplicationBuilder> listen, Func<ServingHost, HttpClient> client)
    {
        var log = new StringWriter();
        var host = ServingHost.Create(options, engine, TextWriter.Synchronized(log), listen);
        await host.App.StartAsync();
        return new TestServing(host, client(host), log);
    }

    /// <summary>The fixture's model with its adapters loaded (<see cref="ServingFixture.Served"/>), and its adapter root.</summary>
    public static ServeOptions Options(ServingFixture fixture) =>
        new(fixture.Model, [.. ServingFixture.Served.Select(n => (n, fixture.Adapter(n)))], fixture.Root);

    public static MultipartFormDataContent Form(byte[] image, string fileName, params (string Name, string Value)[] fields)
    {
        var form = new MultipartFormDataContent();
        var file = new ByteArrayContent(image);
        file.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        form.Add(file, "image", fileName);
        foreach (var (name, value) in fields) form.Add(new StringContent(value), name);
        return form;
    }

    public static async Task<JsonElement> Json(HttpResponseMessage response) =>
        JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await host.DisposeAsync();
    }
}
