using System.Text;
using System.Text.Json;
using MedPeft.Data.BuiltIn;
using MedPeft.Data.BuiltIn.Synthetic;
using MedPeft.Data.Datasets;
using MedPeft.Peft;
using MedPeft.Runs;
using MedPeft.Serving;
using MedPeft.Tests.Training;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using TorchSharp;
using static TorchSharp.torch;

namespace MedPeft.Tests.Serving;

/// <summary>A tiny LLaVA served with two <c>ln</c> adapters (RMSNorm in the LLM, LayerNorm in the tower): answers as predict's, mixed as alone.</summary>
public sealed class LlavaServingTests : IDisposable
{
    readonly TemporaryFolder folder = new();

    public void Dispose() => folder.Dispose();

    [Fact]
    public async Task LlavaAnswersAsPredictAndAMixedBatchAsAlone()
    {
        var data = Path.Combine(folder.Path, "data");
        BuiltInDatasets.EnsureSynthetic(data, new SyntheticOptions(Seed: 6, Images: 10, QuestionsPerImage: 1, ImageSize: 64));
        var model = TinyModelFolders.Llava(Path.Combine(folder.Path, "llava"));
        string[] adapters = ["ln-x", "ln-y"];
        for (int i = 0; i < adapters.Length; i++)
        {
            using var scope = NewDisposeScope();
            using var loaded = RunLoader.Model(model);
            var peft = PeftModel.Apply(loaded, PeftPlan.Parse("ln@vision:llm"), new PeftOptions());
            torch.manual_seed(40 + i);
            using (torch.no_grad())
                foreach (var (_, parameter) in peft.Trainable) parameter.add_(torch.randn_like(parameter) * 0.5);
            AdapterFiles.Save(peft, Path.Combine(folder.Path, adapters[i]), model);
        }
        var expected = EvaluationRun.Predict(new EvaluationSpec(model, Path.Combine(folder.Path, "ln-x"), data, "builtin-synthetic", DatasetTask.Vqa, DatasetSplit.Test,
            BatchSize: 1)).Records;
        using var engine = new InferenceEngine(model, template: null, device: "cpu");
        var options = new ServeOptions(model, adapters.Select(a => (a, Path.Combine(folder.Path, a))).ToList(), MaxBatch: 64, MaxWait: TimeSpan.FromSeconds(1));
        await using var server = ServingHost.Create(options, engine, TextWriter.Null, builder => builder.WebHost.UseTestServer());
        await server.App.StartAsync();
        using var client = server.App.GetTestClient();

        var items = expected.SelectMany(r => new string?[] { "ln-x", null, "ln-y" }.Select(adapter => (object)new
        {
            image = Convert.ToBase64String(File.ReadAllBytes(r.Images![0])), question = r.Question, adapter,
        })).ToList();
        var response = await client.PostAsync("/v1/vqa/batch", new StringContent(JsonSerializer.Serialize(new { items }), Encoding.UTF8, "application/json"));
        var answers = (await TestServing.Json(response)).GetProperty("results").EnumerateArray().Select(r => r.GetProperty("answers")[0].GetProperty("answer").GetString()).ToList();
        var alone = new List<string?>();
        foreach (var item in items)
        {
            var one = await client.PostAsync("/v1/vqa/batch", new StringContent(JsonSerializer.Serialize(new { items = new[] { item } }), Encoding.UTF8, "application/json"));
            alone.Add((await TestServing.Json(one)).GetProperty("results")[0].GetProperty("answers")[0].GetProperty("answer").GetString());
        }

        Assert.Equal(expected.Select(r => r.Prediction), answers.Where((_, i) => i % 3 == 0));
        Assert.Equal(alone, answers);
        Assert.True(answers.Distinct().Count() > expected.Count, string.Join(" | ", answers));
    }
}
