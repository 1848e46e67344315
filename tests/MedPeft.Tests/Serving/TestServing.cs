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

    public static async Task<TestServing> StartAsync(ServingFixture fixture, ServeOptions? options = null)
    {
        options ??= Options(fixture);
        var log = new StringWriter();
        var host = ServingHost.Create(options, fixture.Engine, TextWriter.Synchronized(log), builder => builder.WebHost.UseTestServer());
        await host.App.StartAsync();
        return new TestServing(host, host.App.GetTestClient(), log);
    }

    /// <summary>The fixture's model with its four ln adapters, bitfit and lora loaded, and its adapter root.</summary>
    public static ServeOptions Options(ServingFixture fixture) =>
        new(fixture.Model, [.. ServingFixture.LayerNormAdapters.Append("bitfit-a").Append("lora-a").Select(n => (n, fixture.Adapter(n)))], fixture.Root);

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
