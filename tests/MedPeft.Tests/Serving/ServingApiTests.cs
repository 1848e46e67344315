using System.Net;
using System.Text;
using System.Text.Json;
using MedPeft.Serving;

namespace MedPeft.Tests.Serving;

/// <summary>Every endpoint of <c>medpeft serve</c> and every error status, on ASP.NET Core's test server.</summary>
public sealed class ServingApiTests(ServingFixture fixture) : IClassFixture<ServingFixture>
{
    static byte[] Picture(string name) => File.ReadAllBytes(TestData.Path("Images", "Pictures", name));

    static StringContent JsonBody(object value) => new(JsonSerializer.Serialize(value), Encoding.UTF8, "application/json");

    [Fact]
    public async Task HealthSaysWhatIsServed()
    {
        await using var server = await TestServing.StartAsync(fixture);

        var health = await TestServing.Json(await server.Client.GetAsync("/health"));

        Assert.Equal("ok", health.GetProperty("status").GetString());
        Assert.Equal(fixture.Model, health.GetProperty("model").GetString());
        Assert.Equal(ServingFixture.Served.Length, health.GetProperty("adapters").GetInt32());
        Assert.Equal("fp32", health.GetProperty("precision").GetString());
    }

    [Fact]
    public async Task AdaptersAreListedWithMethodSizeAndBase()
    {
        await using var server = await TestServing.StartAsync(fixture);

        var listing = await TestServing.Json(await server.Client.GetAsync("/v1/adapters"));

        var adapters = listing.GetProperty("adapters").EnumerateArray().ToDictionary(a => a.GetProperty("name").GetString()!);
        Assert.Equal(ServingFixture.Served.Order(StringComparer.Ordinal), adapters.Keys);
        Assert.Equal("ln", adapters["ln-a"].GetProperty("method").GetString());
        Assert.All(ServingFixture.PerSampleAdapters, name => Assert.Equal("per sample on the base model", adapters[name].GetProperty("served_as").GetString()));
        Assert.Equal("values in the base model", adapters["attn-a"].GetProperty("served_as").GetString());
        Assert.Equal("a model of its own", adapters["prefix-a"].GetProperty("served_as").GetString());
        var fingerprint = listing.GetProperty("base").GetProperty("fingerprint").GetString();
        Assert.All(adapters.Values, a => Assert.Equal(fingerprint, a.GetProperty("base_fingerprint").GetString()));
        // Every LayerNorm of the tiny BLIP (vision 2 layers x 2 + post; text encoder and decoder 2 layers x 3 + embeddings; decoder head), weight and bias.
        var ln = adapters["ln-a"].GetProperty("trainable_parameters").GetInt64();
        Assert.True(ln > 0 && ln < adapters["lora-a"].GetProperty("trainable_parameters").GetInt64() * 10);
        Assert.Equal(ln * 4, adapters["ln-a"].GetProperty("trainable_bytes").GetInt64());
    }

    [Fact]
    public async Task AnAdapterIsLoadedFromTheRootAndUnloaded()
    {
        await using var server = await TestServing.StartAsync(fixture);

        var loaded = await server.Client.PostAsync("/v1/adapters", JsonBody(new { name = "again", path = "ln-b" }));
        Assert.Equal(HttpStatusCode.Created, loaded.StatusCode);
        Assert.Equal("ln", (await TestServing.Json(loaded)).GetProperty("method").GetString());
        var answer = await server.Client.PostAsync("/v1/vqa", TestServing.Form(Picture("gray.png"), "gray.png", ("question", "is there a lesion?"), ("adapters", "again,ln-b")));
        var answers = (await TestServing.Json(answer)).GetProperty("answers").EnumerateArray().ToList();
        Assert.Equal(answers[0].GetProperty("answer").GetString(), answers[1].GetProperty("answer").GetString());

        Assert.Equal(HttpStatusCode.OK, (await server.Client.DeleteAsync("/v1/adapters/again")).StatusCode);
        var gone = await server.Client.DeleteAsync("/v1/adapters/again");
        Assert.Equal(HttpStatusCode.NotFound, gone.StatusCode);
        Assert.Equal("unknown_adapter", (await TestServing.Json(gone)).GetProperty("error").GetString());
    }

    [Theory]
    [InlineData("../blip")]
    [InlineData("ln-a/../../blip")]
    [InlineData("/tmp")]
    [InlineData("link-out")]
    public async Task APathOutsideTheAdapterRootIsRefused(string path)
    {
        var link = Path.Combine(fixture.Root, "link-out");
        if (!Directory.Exists(link)) Directory.CreateSymbolicLink(link, Path.Combine(fixture.Folder.Path, "blip"));
        await using var server = await TestServing.StartAsync(fixture);

        var response = await server.Client.PostAsync("/v1/adapters", JsonBody(new { name = "escape", path }));

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        var error = await TestServing.Json(response);
        Assert.Equal("outside_adapter_root", error.GetProperty("error").GetString());
        Assert.DoesNotContain(fixture.Folder.Path, error.GetProperty("detail").GetString());
        Assert.Equal(ServingFixture.Served.Length, (await TestServing.Json(await server.Client.GetAsync("/health"))).GetProperty("adapters").GetInt32());
    }

    [Fact]
    public async Task AnAdapterOfAnotherBaseModelIsRefusedWithTheReason()
    {
        await using var server = await TestServing.StartAsync(fixture);

        var response = await server.Client.PostAsync("/v1/adapters", JsonBody(new { name = "other", path = "other-base" }));

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        var error = await TestServing.Json(response);
        Assert.Equal("other_base_model", error.GetProperty("error").GetString());
        Assert.Contains("does not fit the model", error.GetProperty("detail").GetString());
        Assert.Contains("<adapter-root>", error.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task AQuestionIsAnsweredByEachAdapterNamedSideBySide()
    {
        await using var server = await TestServing.StartAsync(fixture);

        var response = await server.Client.PostAsync("/v1/vqa", TestServing.Form(Picture("rgb.png"), "rgb.png",
            ("question", "what modality is this?"), ("adapter", "base"), ("adapter", "ln-a"), ("adapter", "lora-a")));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var answers = (await TestServing.Json(response)).GetProperty("answers").EnumerateArray().ToList();
        Assert.Equal([null, "ln-a", "lora-a"], answers.Select(a => a.GetProperty("adapter").GetString()));
        Assert.All(answers, a =>
        {
            Assert.InRange(a.GetProperty("tokens").GetInt32(), 0, 10);
            Assert.True(a.GetProperty("latency_ms").GetDouble() > 0);
        });
    }

    [Fact]
    public async Task AJsonRequestWithABase64ImageGetsTheFormsAnswer()
    {
        await using var server = await TestServing.StartAsync(fixture);
        var image = Picture("photo.jpg");

        var form = await TestServing.Json(await server.Client.PostAsync("/v1/vqa", TestServing.Form(image, "photo.jpg", ("question", "is it normal?"), ("adapter", "ln-c"))));
        var json = await TestServing.Json(await server.Client.PostAsync("/v1/vqa", JsonBody(new { image = Convert.ToBase64String(image), question = "is it normal?", adapter = "ln-c" })));

        Assert.Equal(form.GetProperty("answers")[0].GetProperty("answer").GetString(), json.GetProperty("answers")[0].GetProperty("answer").GetString());
    }

    [Theory]
    [InlineData("Dicom", "CT_small.dcm", "", "")]
    [InlineData("Dicom", "MR_small_implicit.dcm", "", "")]
    [InlineData("Nifti", "anatomical.nii", "3", "coronal")]
    [InlineData("Nifti", "standard.nii.gz", "", "sagittal")]
    public async Task MedicalImagesAreRead(string folder, string file, string slice, string plane)
    {
        await using var server = await TestServing.StartAsync(fixture);

        var response = await server.Client.PostAsync("/v1/vqa", TestServing.Form(File.ReadAllBytes(TestData.Path("Images", folder, file)), "upload",
            ("question", "which organ?"), ("slice", slice), ("plane", plane)));

        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
    }

    [Theory]
    [InlineData("truncated.jpg", "Pictures", "unreadable_image", "truncated.jpg")]
    [InlineData("MR_truncated.dcm", "Dicom", "unreadable_image", "MR_truncated.dcm")]
    [InlineData("reference.json", "Pictures", "unreadable_image", "not a readable image")]
    public async Task AnUnreadableImageIs400NamingWhatIsWrong(string file, string folder, string error, string detail)
    {
        await using var server = await TestServing.StartAsync(fixture);

        var response = await server.Client.PostAsync("/v1/vqa", TestServing.Form(File.ReadAllBytes(TestData.Path("Images", folder, file)), file, ("question", "what is it?")));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var body = await TestServing.Json(response);
        Assert.Equal(error, body.GetProperty("error").GetString());
        Assert.Contains(detail, body.GetProperty("detail").GetString());
        Assert.DoesNotContain("medpeft-upload-", body.GetProperty("detail").GetString());
    }

    [Theory]
    [InlineData("question", "", "field 'question'")]
    [InlineData("plane", "oblique", "field 'plane' is 'oblique'")]
    [InlineData("num_beams", "0", "field 'num_beams' is '0'")]
    [InlineData("max_new_tokens", "many", "field 'max_new_tokens'")]
    public async Task ABadFieldIs400NamingIt(string field, string value, string detail)
    {
        await using var server = await TestServing.StartAsync(fixture);
        var fields = field == "question" ? new[] { (field, value) } : [("question", "what is it?"), (field, value)];

        var response = await server.Client.PostAsync("/v1/vqa", TestServing.Form(Picture("gray.png"), "gray.png", fields));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(detail, (await TestServing.Json(response)).GetProperty("detail").GetString());
    }

    [Theory]
    [InlineData("/v1/adapters")]
    [InlineData("/v1/vqa/batch")]
    [InlineData("/v1/vqa")]
    public async Task ABodyThatIsNotJsonIs400(string path)
    {
        await using var server = await TestServing.StartAsync(fixture);

        var response = await server.Client.PostAsync(path, new StringContent("{\"name\": ", Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("bad_request", (await TestServing.Json(response)).GetProperty("error").GetString());
    }

    [Fact]
    public async Task AnUnknownAdapterIs404()
    {
        await using var server = await TestServing.StartAsync(fixture);

        var response = await server.Client.PostAsync("/v1/vqa", TestServing.Form(Picture("gray.png"), "gray.png", ("question", "what is it?"), ("adapter", "nope")));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("unknown_adapter", (await TestServing.Json(response)).GetProperty("error").GetString());
    }

    [Fact]
    public async Task ABodyOverTheUploadLimitIs413()
    {
        await using var server = await TestServing.StartAsync(fixture, TestServing.Options(fixture) with { MaxUpload = 1000 });

        var response = await server.Client.PostAsync("/v1/vqa", TestServing.Form(Picture("photo.jpg"), "photo.jpg", ("question", "what is it?")));

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Equal("too_large", (await TestServing.Json(response)).GetProperty("error").GetString());
    }

    [Fact]
    public async Task AFullQueueIs503WithRetryAfter()
    {
        // Two answers asked (two adapters) of a queue that holds one.
        await using var server = await TestServing.StartAsync(fixture, TestServing.Options(fixture) with { Queue = 1 });

        var response = await server.Client.PostAsync("/v1/vqa", TestServing.Form(Picture("gray.png"), "gray.png", ("question", "what is it?"), ("adapters", "ln-a,ln-b")));

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal("1", response.Headers.RetryAfter?.ToString());
        Assert.Equal("overloaded", (await TestServing.Json(response)).GetProperty("error").GetString());
        var after = await server.Client.PostAsync("/v1/vqa", TestServing.Form(Picture("gray.png"), "gray.png", ("question", "what is it?"), ("adapter", "ln-a")));
        Assert.Equal(HttpStatusCode.OK, after.StatusCode);
    }

    [Fact]
    public async Task ARequestPastItsTimeoutIs504AndTheServerGoesOn()
    {
        // The deadline is set when the request arrives: a timeout of one tick has passed before the answer is queued.
        await using var server = await TestServing.StartAsync(fixture, TestServing.Options(fixture) with { Timeout = TimeSpan.FromTicks(1) });

        var response = await server.Client.PostAsync("/v1/vqa", TestServing.Form(Picture("gray.png"), "gray.png", ("question", "what is it?")));

        Assert.Equal(HttpStatusCode.GatewayTimeout, response.StatusCode);
        Assert.Equal("timeout", (await TestServing.Json(response)).GetProperty("error").GetString());
        Assert.Equal(HttpStatusCode.OK, (await server.Client.GetAsync("/health")).StatusCode);
    }

    [Fact]
    public async Task ATokenIsNeededOnEveryApiCallWhenSet()
    {
        await using var server = await TestServing.StartAsync(fixture, TestServing.Options(fixture) with { Token = "s3cret-token" });

        Assert.Equal(HttpStatusCode.Unauthorized, (await server.Client.GetAsync("/v1/adapters")).StatusCode);
        server.Client.DefaultRequestHeaders.Authorization = new("Bearer", "s3cret-tokem");
        Assert.Equal(HttpStatusCode.Unauthorized, (await server.Client.GetAsync("/v1/adapters")).StatusCode);
        server.Client.DefaultRequestHeaders.Authorization = new("Bearer", "s3cret-token");
        Assert.Equal(HttpStatusCode.OK, (await server.Client.GetAsync("/v1/adapters")).StatusCode);
    }

    [Fact]
    public void AnAddressOtherThanLoopbackNeedsAToken()
    {
        var options = TestServing.Options(fixture) with { Host = IPAddress.Any };

        var error = Assert.Throws<MedPeftException>(() => options.Validated());

        Assert.Contains("--token-file", error.Message);
        (options with { Token = "t" }).Validated();
    }

    [Fact]
    public async Task TheImageIsRenderedAsTheModelSeesIt()
    {
        await using var server = await TestServing.StartAsync(fixture);

        var response = await server.Client.PostAsync("/v1/render", TestServing.Form(File.ReadAllBytes(TestData.Path("Images", "Dicom", "CT_small.dcm")), "ct.dcm"));

        Assert.Equal("image/png", response.Content.Headers.ContentType?.MediaType);
        using var bitmap = SkiaSharp.SKBitmap.Decode(await response.Content.ReadAsByteArrayAsync());
        // The tiny BLIP's image size.
        Assert.Equal((64, 64), (bitmap.Width, bitmap.Height));
    }

    [Fact]
    public async Task ABatchAnswersEachItemAndReportsABadOneAlone()
    {
        await using var server = await TestServing.StartAsync(fixture);
        var image = Convert.ToBase64String(Picture("gray.png"));

        var response = await server.Client.PostAsync("/v1/vqa/batch", JsonBody(new
        {
            items = new object[]
            {
                new { image, question = "is there a lesion?", adapter = "ln-a" },
                new { image = "not base64!", question = "is there a lesion?" },
                new { image, question = "is there a lesion?", adapter = "nope" },
                new { image, question = "how many lesions?", adapters = new[] { "ln-b", "bitfit-a" } },
            },
        }));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var results = (await TestServing.Json(response)).GetProperty("results").EnumerateArray().ToList();
        Assert.Single(results[0].GetProperty("answers").EnumerateArray());
        Assert.Equal(400, results[1].GetProperty("status").GetInt32());
        Assert.Contains("items[1].image", results[1].GetProperty("detail").GetString());
        Assert.Equal(404, results[2].GetProperty("status").GetInt32());
        Assert.Equal(2, results[3].GetProperty("answers").GetArrayLength());
    }

    [Fact]
    public async Task AReportIsWritten()
    {
        await using var server = await TestServing.StartAsync(fixture);

        var response = await server.Client.PostAsync("/v1/report", TestServing.Form(Picture("gray.png"), "gray.png", ("adapter", "ln-d"), ("max_new_tokens", "20")));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var answer = (await TestServing.Json(response)).GetProperty("answers")[0];
        Assert.Equal("ln-d", answer.GetProperty("adapter").GetString());
        Assert.InRange(answer.GetProperty("tokens").GetInt32(), 0, 20);
    }

    [Fact]
    public async Task TheWebPageIsServedFromTheTool()
    {
        await using var server = await TestServing.StartAsync(fixture);

        var page = await server.Client.GetStringAsync("/");
        var script = await server.Client.GetAsync("/app.js");

        Assert.Contains("<script src=\"app.js\"></script>", page);
        Assert.DoesNotContain("http", page.Replace("http-equiv", ""));
        Assert.Equal("text/javascript", script.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task EveryRequestIsLoggedAsAJsonLine()
    {
        await using var server = await TestServing.StartAsync(fixture);

        await server.Client.GetAsync("/health");
        await server.Client.PostAsync("/v1/vqa", TestServing.Form(Picture("gray.png"), "gray.png", ("question", "what is it?"), ("adapter", "nope")));

        var lines = server.Log.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonDocument.Parse(l).RootElement).ToList();
        Assert.Equal(["/health", "/v1/vqa"], lines.Select(l => l.GetProperty("path").GetString()));
        Assert.Equal([200, 404], lines.Select(l => l.GetProperty("status").GetInt32()));
        Assert.All(lines, l => Assert.True(l.GetProperty("ms").GetDouble() >= 0));
    }
}
