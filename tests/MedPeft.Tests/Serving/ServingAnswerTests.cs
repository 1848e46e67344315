using System.Text;
using System.Text.Json;
using MedPeft.Data.Datasets;
using MedPeft.Evaluation;
using MedPeft.Nn;
using MedPeft.Serving;
using MedPeft.Runs;

namespace MedPeft.Tests.Serving;

/// <summary>
/// The server answers what <c>medpeft predict --batch-size 1</c> answers (a batch of one has no padding, which BLIP's
/// decoder attends to in predict's batches, as in HF's generate), and a batch of many adapters what each answers alone.
/// </summary>
public sealed class ServingAnswerTests(ServingFixture fixture) : IClassFixture<ServingFixture>
{
    IReadOnlyList<PredictionRecord> Predict(string? adapter, Precision precision = Precision.Fp32) =>
        EvaluationRun.Predict(new EvaluationSpec(fixture.Model, adapter is null ? null : fixture.Adapter(adapter), fixture.Data, "builtin-synthetic",
            DatasetTask.Vqa, DatasetSplit.Test, BatchSize: 1, Precision: precision)).Records;

    static IEnumerable<object> Questions(IEnumerable<PredictionRecord> rows, string? adapter) => rows.Select(r => (object)new
    {
        image = Convert.ToBase64String(File.ReadAllBytes(r.Images![0])),
        question = r.Question,
        adapter,
    });

    static StringContent Batch(IEnumerable<object> items) =>
        new(JsonSerializer.Serialize(new { items }), Encoding.UTF8, "application/json");

    static async Task<List<string?>> Answers(TestServing server, IEnumerable<object> items)
    {
        var response = await server.Client.PostAsync("/v1/vqa/batch", Batch(items));
        var results = (await TestServing.Json(response)).GetProperty("results").EnumerateArray().ToList();
        return results.Select(r => r.GetProperty("answers")[0].GetProperty("answer").GetString()).ToList();
    }

    [Theory]
    [InlineData(null)]
    [InlineData("ln-a")]
    [InlineData("bitfit-a")]
    [InlineData("lora-a")]
    [InlineData("ia3-a")]
    [InlineData("attn-a")]
    [InlineData("prefix-a")]
    public async Task AnswersAreWhatPredictGivesWithTheSameAdapter(string? adapter)
    {
        var expected = Predict(adapter);
        await using var server = await TestServing.StartAsync(fixture);

        var answers = await Answers(server, Questions(expected, adapter));

        Assert.Equal(expected.Select(r => r.Prediction), answers);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("ln-a")]
    [InlineData("bitfit-a")]
    [InlineData("lora-a")]
    [InlineData("ia3-a")]
    public async Task ABf16ServerAnswersWhatPredictGivesInBf16(string? adapter)
    {
        var expected = Predict(adapter, Precision.Bf16);
        using var engine = new InferenceEngine(fixture.Model, template: null, device: "cpu", Precision.Bf16);
        await using var server = await TestServing.StartAsync(engine, TestServing.Options(fixture) with { Precision = Precision.Bf16 });

        var answers = await Answers(server, Questions(expected, adapter));

        Assert.Equal("bf16", (await TestServing.Json(await server.Client.GetAsync("/health"))).GetProperty("precision").GetString());
        Assert.Equal(expected.Select(r => r.Prediction), answers);
    }

    [Fact]
    public async Task AMixedAdapterBatchAnswersAsEachAdapterAloneAndAsPredict()
    {
        var rows = Predict(null).Take(5).ToList();
        string?[] adapters = [null, .. ServingFixture.PerSampleAdapters];
        // Every adapter's questions spread over the batches, in an order that mixes the adapters within each.
        var items = rows.SelectMany(r => adapters.Select(adapter => (Row: r, Adapter: adapter))).ToList();
        Assert.True(items.Count >= 50);
        var requests = items.SelectMany(item => Questions([item.Row], item.Adapter)).ToList();

        await using var alone = await TestServing.StartAsync(fixture, TestServing.Options(fixture) with { MaxBatch = 1 });
        var one = await Answers(alone, requests);
        await using var batched = await TestServing.StartAsync(fixture, TestServing.Options(fixture) with { MaxBatch = 16, MaxWait = TimeSpan.FromSeconds(1) });
        var together = await Answers(batched, requests);

        Assert.Equal(one, together);
        foreach (var adapter in adapters)
        {
            var predicted = Predict(adapter).ToDictionary(r => (r.Images![0], r.Question));
            Assert.Equal(items.Where(i => i.Adapter == adapter).Select(i => predicted[(i.Row.Images![0], i.Row.Question)].Prediction),
                items.Select((item, index) => (item, index)).Where(x => x.item.Adapter == adapter).Select(x => together[x.index]));
        }
        // The adapters answer differently (the comparison means something); the batches of 16 took one pass each.
        Assert.True(one.Distinct().Count() > rows.Count, string.Join(" | ", one));
        var passes = (await TestServing.Json(await batched.Client.GetAsync("/health"))).GetProperty("forward_passes").GetInt64();
        Assert.InRange(passes, (items.Count + 15) / 16, items.Count / 4);
    }

    [Fact]
    public async Task LayerNormBitFitIa3AndLoraAdaptersShareOneForwardPassWithTheBaseModel()
    {
        var row = Predict(null)[1];
        var image = File.ReadAllBytes(row.Images![0]);
        string[] adapters = ["base", "ln-a", "bitfit-a", "ia3-a", "lora-a", "ln-b", "lora-b"];
        await using var server = await TestServing.StartAsync(fixture, TestServing.Options(fixture) with { MaxBatch = 64, MaxWait = TimeSpan.FromSeconds(1) });

        var together = await TestServing.Json(await server.Client.PostAsync("/v1/vqa", TestServing.Form(image, "image.png", ("question", row.Question!), ("adapters", string.Join(",", adapters)))));
        var passes = (await TestServing.Json(await server.Client.GetAsync("/health"))).GetProperty("forward_passes").GetInt64();
        var alone = new List<string?>();
        foreach (var adapter in adapters)
            alone.Add((await TestServing.Json(await server.Client.PostAsync("/v1/vqa", TestServing.Form(image, "image.png", ("question", row.Question!), ("adapter", adapter)))))
                .GetProperty("answers")[0].GetProperty("answer").GetString());

        Assert.Equal(1, passes);
        Assert.Equal(alone, together.GetProperty("answers").EnumerateArray().Select(a => a.GetProperty("answer").GetString()));
        Assert.True(alone.Distinct().Count() > 1, string.Join(" | ", alone));
    }
}
