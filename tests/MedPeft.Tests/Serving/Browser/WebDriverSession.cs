using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace MedPeft.Tests.Serving.Browser;

/// <summary>
/// Headless Chromium driven by its own chromedriver over the W3C WebDriver HTTP protocol: the few commands a page test
/// needs, each a JSON call. Disposing ends the session, the driver and the browser's temporary profile.
/// </summary>
internal sealed class WebDriverSession : IDisposable
{
    /// <summary>The key under which WebDriver returns an element reference (fixed by the W3C specification).</summary>
    const string ElementKey = "element-6066-11e4-a52e-4f735466cecf";

    readonly Process driver;
    readonly HttpClient http;
    readonly TemporaryFolder profile;
    readonly string session;

    WebDriverSession(Process driver, HttpClient http, TemporaryFolder profile, string session)
    {
        this.driver = driver;
        this.http = http;
        this.profile = profile;
        this.session = session;
    }

    public static async Task<WebDriverSession> StartAsync(string chromium, string chromeDriver)
    {
        int port = FreeLoopbackPort();
        var start = new ProcessStartInfo(chromeDriver) { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add($"--port={port}");
        var driver = Process.Start(start)!;
        // Drain its output so a chatty driver never blocks on a full pipe.
        driver.OutputDataReceived += (_, _) => { };
        driver.ErrorDataReceived += (_, _) => { };
        driver.BeginOutputReadLine();
        driver.BeginErrorReadLine();
        var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}/"), Timeout = TimeSpan.FromSeconds(90) };
        var profile = new TemporaryFolder();
        try
        {
            await WaitUntilReadyAsync(http, driver);
            var capabilities = new JsonObject
            {
                ["capabilities"] = new JsonObject
                {
                    ["alwaysMatch"] = new JsonObject
                    {
                        ["browserName"] = "chrome",
                        ["goog:chromeOptions"] = new JsonObject
                        {
                            ["binary"] = chromium,
                            ["args"] = new JsonArray("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                                "--window-size=1280,1024", $"--user-data-dir={profile.Path}"),
                        },
                    },
                },
            };
            var created = await CallAsync(http, HttpMethod.Post, "session", capabilities);
            return new WebDriverSession(driver, http, profile, created.GetProperty("sessionId").GetString()!);
        }
        catch
        {
            Stop(driver);
            http.Dispose();
            profile.Dispose();
            throw;
        }
    }

    public Task NavigateAsync(string url) => CommandAsync(HttpMethod.Post, "url", new JsonObject { ["url"] = url });

    /// <summary>The first element matching <paramref name="css"/>; fails when there is none.</summary>
    public async Task<string> FindAsync(string css)
    {
        var found = await CommandAsync(HttpMethod.Post, "element", new JsonObject { ["using"] = "css selector", ["value"] = css });
        return found.GetProperty(ElementKey).GetString()!;
    }

    /// <summary>Types <paramref name="text"/> into an element; for a file input, the text is the file's path.</summary>
    public Task SendKeysAsync(string element, string text) =>
        CommandAsync(HttpMethod.Post, $"element/{element}/value", new JsonObject { ["text"] = text });

    public Task ClickAsync(string element) => CommandAsync(HttpMethod.Post, $"element/{element}/click", new JsonObject());

    /// <summary>Runs <paramref name="script"/> (a function body) in the page and returns what it returns.</summary>
    public Task<JsonElement> ScriptAsync(string script) =>
        CommandAsync(HttpMethod.Post, "execute/sync", new JsonObject { ["script"] = script, ["args"] = new JsonArray() });

    /// <summary>Runs <paramref name="script"/> until it returns true, at most <paramref name="limit"/>.</summary>
    public async Task WaitUntilAsync(string script, TimeSpan limit, string what)
    {
        var watch = Stopwatch.StartNew();
        while ((await ScriptAsync(script)).ValueKind != JsonValueKind.True)
        {
            if (watch.Elapsed > limit) throw new TimeoutException($"the page did not show {what} within {limit.TotalSeconds:0} s");
            await Task.Delay(200);
        }
    }

    /// <summary>A PNG of the browser window.</summary>
    public async Task<byte[]> ScreenshotAsync() => Convert.FromBase64String((await CommandAsync(HttpMethod.Get, "screenshot", null)).GetString()!);

    Task<JsonElement> CommandAsync(HttpMethod method, string path, JsonObject? body) => CallAsync(http, method, $"session/{session}/{path}", body);

    /// <summary>One WebDriver call: its <c>value</c>, or the driver's error as an exception.</summary>
    static async Task<JsonElement> CallAsync(HttpClient http, HttpMethod method, string path, JsonObject? body)
    {
        // A string body has a Content-Length: chromedriver does not read chunked requests.
        using var request = new HttpRequestMessage(method, path) { Content = body is null ? null : new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json") };
        using var response = await http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        var value = JsonDocument.Parse(text).RootElement.GetProperty("value").Clone();
        if (!response.IsSuccessStatusCode)
            throw new InvalidOperationException($"WebDriver {method} {path}: {(int)response.StatusCode} {value.GetProperty("error")}: {value.GetProperty("message")}");
        return value;
    }

    static async Task WaitUntilReadyAsync(HttpClient http, Process driver)
    {
        var watch = Stopwatch.StartNew();
        while (true)
        {
            if (driver.HasExited) throw new InvalidOperationException($"chromedriver exited with code {driver.ExitCode} before it answered");
            try
            {
                if ((await CallAsync(http, HttpMethod.Get, "status", null)).GetProperty("ready").GetBoolean()) return;
            }
            catch (HttpRequestException) when (watch.Elapsed < TimeSpan.FromSeconds(30))
            {
            }
            if (watch.Elapsed > TimeSpan.FromSeconds(30)) throw new TimeoutException("chromedriver was not ready within 30 s");
            await Task.Delay(100);
        }
    }

    static int FreeLoopbackPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    static void Stop(Process driver)
    {
        if (!driver.HasExited) driver.Kill(entireProcessTree: true);
        driver.WaitForExit();
        driver.Dispose();
    }

    public void Dispose()
    {
        try
        {
            // Ends the browser; the driver is stopped either way.
            CallAsync(http, HttpMethod.Delete, $"session/{session}", null).Wait(TimeSpan.FromSeconds(20));
        }
        catch (AggregateException)
        {
        }
        Stop(driver);
        http.Dispose();
        profile.Dispose();
    }
}
