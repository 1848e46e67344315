using System.Text;
using System.Text.Json;
using MedPeft.Data.Datasets;
using MedPeft.Evaluation;
using MedPeft.Runs;

namespace MedPeft.Tests.Serving;

/// <summary>
/// The server answers what <c>medpeft predict --batch-size 1</c> answers (a batch of one has no padding, which BLIP's
/// decoder attends to in predict's batches, as in HF's generate), and a batch of many adapters what each answers alone.
/// </summary>
public sealed class ServingAnswerTests(ServingFixture fixture) : IClassFixture<ServingFixture>
{
    IReadOnlyList<PredictionRecord> Predict(string? adapter) =>
        EvaluationRun.Predict(new EvaluationSpec(fixture.Model, adapter is null ? null : fixture.Adapter(adapter), fixture.Data, "builtin-synthetic",
            DatasetTask.Vqa, DatasetSplit.Test, BatchSize: 1)).Records;

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
    public async Task AnswersAreWhatPredictGivesWithTheSameAdapter(string? adapter)
    {
        var expected = Predict(adapter);
        await using var server = await TestServing.StartAsync(fixture);

        var answers = await Answers(server, expected.Select(r => new
        {
            image = Convert.ToBase64String(File.ReadAllBytes(r.Images![0])),
            question = r.Question,
            adapter,
        }));

        Assert.Equal(expected.Select(r => r.Prediction), answers);
    }

    [Fact]
    public async Task AMixedAdapterBatchAnswersAsEachAdapterAlone()
    {
        var rows = Predict(null).Take(4).ToList();
        string?[] adapters = [null, .. ServingFixture.LayerNormAdapters, "bitfit-a", "lora-a"];
        var items = rows.SelectMany(r => adapters.Select(adapter => (object)new
        {
            image = Convert.ToBase64String(File.ReadAllBytes(r.Images![0])),
            question = r.Question,
            adapter,
        })).ToList();

        await using var alone = await TestServing.StartAsync(fixture, TestServing.Options(fixture) with { MaxBatch = 1 });
        var one = await Answers(alone, items);
        await using var batched = await TestServing.StartAsync(fixture, TestServing.Options(fixture) with { MaxBatch = 64, MaxWait = TimeSpan.FromSeconds(1) });
        var together = await Answers(batched, items);

        Assert.Equal(one, together);
        // The adapters answer differently (the comparison means something), and the batch took fewer passes than items.
        Assert.True(one.Distinct().Count() > rows.Count, string.Join(" | ", one));
        var passes = (await TestServing.Json(await batched.Client.GetAsync("/health"))).GetProperty("forward_passes").GetInt64();
        Assert.InRange(passes, 1, items.Count - 1);
    }

    [Fact]
    public async Task LayerNormAdaptersAndTheBaseModelShareOneForwardPass()
    {
        var row = Predict(null)[0];
        var image = File.ReadAllBytes(row.Images![0]);
        string[] adapters = ["base", .. ServingFixture.LayerNormAdapters];
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
