using System.Diagnostics;
using System.Text.Json;
using Xunit.Abstractions;

namespace MedPeft.Tests.Serving.Browser;

/// <summary>
/// The page of <c>medpeft serve</c> in headless Chromium against a server on Kestrel: upload an image, ask the base
/// model and an adapter side by side, and the page shows what the API answers; it lists the loaded adapters. The last
/// view is saved as a PNG.
/// </summary>
[Trait("Category", "Browser")]
public sealed class ServePageBrowserTests(ServingFixture fixture, ITestOutputHelper output) : IClassFixture<ServingFixture>
{
    const string Question = "is there a lesion?";
    const string Adapter = "ln-b";
    static readonly TimeSpan AnswerLimit = TimeSpan.FromSeconds(60);

    /// <summary>Where the screenshot goes: under the test assembly's folder (bin/, never committed).</summary>
    static readonly string Screenshot = Path.Combine(AppContext.BaseDirectory, "TestResults", "browser", "serve-page.png");

    [BrowserFact]
    public async Task ThePageAnswersAnUploadedImageAsTheApiDoes()
    {
        var watch = Stopwatch.StartNew();
        var image = TestData.Path("Images", "Pictures", "gray.png");
        await using var server = await TestServing.StartOnLoopbackAsync(fixture);
        using var browser = await OpenPageAsync(server);

        await browser.SendKeysAsync(await browser.FindAsync("#file"), image);
        await browser.WaitUntilAsync("return !document.getElementById('preview').hidden", AnswerLimit, "the rendered image");
        await browser.SendKeysAsync(await browser.FindAsync("#question"), Question);
        // The base model is ticked by default: with the adapter, the two answers come side by side.
        await browser.ClickAsync(await browser.FindAsync($"#choices input[value=\"{Adapter}\"]"));
        await browser.ClickAsync(await browser.FindAsync("#send"));
        await browser.WaitUntilAsync("return document.querySelectorAll('#answers .answer').length > 0", AnswerLimit, "an answer");

        var shown = await browser.ScriptAsync(
            "return [...document.querySelectorAll('#answers .answer')].map(c => ({ adapter: c.querySelector('h3').textContent, answer: c.querySelector('.text').textContent }))");
        var listed = await browser.ScriptAsync("return [...document.querySelectorAll('#adapters tbody tr')].map(r => r.cells[0].textContent)");
        var status = await StatusAsync(browser);
        Directory.CreateDirectory(Path.GetDirectoryName(Screenshot)!);
        await File.WriteAllBytesAsync(Screenshot, await browser.ScreenshotAsync());
        output.WriteLine($"screenshot: {Screenshot}");

        var api = await TestServing.Json(await server.Client.PostAsync("/v1/vqa",
            TestServing.Form(await File.ReadAllBytesAsync(image), "gray.png", ("question", Question), ("adapters", $"base,{Adapter}"))));
        var expected = api.GetProperty("answers").EnumerateArray()
            .Select(a => (a.GetProperty("adapter").GetString() ?? "base model", a.GetProperty("answer").GetString())).ToList();
        var loaded = (await TestServing.Json(await server.Client.GetAsync("/v1/adapters"))).GetProperty("adapters").EnumerateArray()
            .Select(a => a.GetProperty("name").GetString()).ToList();

        Assert.Equal("", status);
        Assert.Equal([("base model", expected[0].Item2), (Adapter, expected[1].Item2)], expected);
        Assert.All(expected, answer => Assert.False(string.IsNullOrEmpty(answer.Item2)));
        Assert.Equal(expected, shown.EnumerateArray().Select(card => (card.GetProperty("adapter").GetString()!, card.GetProperty("answer").GetString())).ToList());
        Assert.Equal(loaded, listed.EnumerateArray().Select(name => name.GetString()).ToList());
        Assert.Contains(Adapter, loaded);
        output.WriteLine($"page shown and checked in {watch.Elapsed.TotalSeconds:0.0} s (server, browser and answer)");
    }

    [BrowserFact]
    public async Task AnUnreadableUploadShowsTheServersError()
    {
        using var folder = new TemporaryFolder();
        var upload = folder.File("scan.png");
        await File.WriteAllTextAsync(upload, "not a picture");
        await using var server = await TestServing.StartOnLoopbackAsync(fixture);
        using var browser = await OpenPageAsync(server);

        await browser.SendKeysAsync(await browser.FindAsync("#file"), upload);
        await browser.WaitUntilAsync("return document.getElementById('status').className === 'error'", AnswerLimit, "an error");

        var api = await server.Client.PostAsync("/v1/render", TestServing.Form(await File.ReadAllBytesAsync(upload), "scan.png"));
        var body = await TestServing.Json(api);
        Assert.Equal($"400 {body.GetProperty("error").GetString()}: {body.GetProperty("detail").GetString()}", await StatusAsync(browser));
        Assert.True((await browser.ScriptAsync("return document.getElementById('preview').hidden")).GetBoolean());
    }

    /// <summary>A browser on the server's page, once the page has listed the adapters.</summary>
    static async Task<WebDriverSession> OpenPageAsync(TestServing server)
    {
        var browser = await WebDriverSession.StartAsync(BrowserFactAttribute.Chromium, BrowserFactAttribute.ChromeDriver);
        try
        {
            await browser.NavigateAsync(server.Client.BaseAddress!.ToString());
            await browser.WaitUntilAsync($"return document.querySelector('#choices input[value=\"{Adapter}\"]') !== null", AnswerLimit, "the adapter choices");
            return browser;
        }
        catch
        {
            browser.Dispose();
            throw;
        }
    }

    static async Task<string?> StatusAsync(WebDriverSession browser) =>
        (await browser.ScriptAsync("return document.getElementById('status').textContent")).GetString();
}
