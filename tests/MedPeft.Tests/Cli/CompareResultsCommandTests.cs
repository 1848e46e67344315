using System.Text.Json.Nodes;
using MedPeft.Tests.Training;

namespace MedPeft.Tests.Cli;

/// <summary>
/// compare-results on what compare writes: two comparisons of the tiny BLIP on the same synthetic test split, fp32 and
/// bf16, with two seeds each (predictions in runs/&lt;method&gt;/seed-&lt;seed&gt;/test).
/// </summary>
public sealed class CompareResultsCommandTests(TrainingRunFixture fixture) : IClassFixture<TrainingRunFixture>
{
    [Fact]
    public void ABf16ComparisonPairsWithAnFp32OneMethodByMethod()
    {
        string Compare(string name, string precision)
        {
            var output = Path.Combine(fixture.Folder.Path, name);
            SweepCommandTests.Succeeds("compare", "--model", fixture.Blip, "--data", fixture.Data, "--format", "builtin-synthetic",
                "--methods", "ln,lora", "--steps", "2", "--seeds", "1,2", "--precision", precision, "--out", output);
            return output;
        }
        var (fp32, bf16) = (Compare("paired-fp32", "fp32"), Compare("paired-bf16", "bf16"));

        var result = SweepCommandTests.Succeeds("compare-results", fp32, bf16, "--json");

        var json = JsonNode.Parse(result.Output)!;
        Assert.Equal("overall_accuracy", json["score"]!.GetValue<string>());
        var methods = json["methods"]!.AsArray();
        Assert.Equal(new[] { "ln", "lora" }, methods.Select(m => m!["method"]!.GetValue<string>()));
        // Each side's score is its seeds' mean, as compare's results.json states it; the difference is bf16 − fp32.
        double Score(string folder, string method) => JsonNode.Parse(File.ReadAllText(Path.Combine(folder, "results.json")))!["rows"]!.AsArray()
            .Single(r => r!["name"]!.GetValue<string>() == method)!["scores"]!["overall_accuracy"]!.GetValue<double>();
        foreach (var m in methods)
        {
            var method = m!["method"]!.GetValue<string>();
            Assert.Equal(Score(fp32, method), m["a"]!["mean"]!.GetValue<double>(), 9);
            Assert.Equal(Score(bf16, method), m["b"]!["mean"]!.GetValue<double>(), 9);
            Assert.Equal(Score(bf16, method) - Score(fp32, method), m["difference"]!["mean"]!.GetValue<double>(), 9);
            var interval = m["difference"]!["ci95"]!.AsArray().Select(v => v!.GetValue<double>()).ToArray();
            Assert.True(interval[0] <= interval[1]);
        }
    }
}
