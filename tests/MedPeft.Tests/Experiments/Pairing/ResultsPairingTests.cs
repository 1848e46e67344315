using System.Text.Json.Nodes;
using MedPeft.Data;
using MedPeft.Evaluation;
using MedPeft.Experiments;
using MedPeft.Experiments.Pairing;
using MedPeft.Experiments.Reporting;
using MedPeft.Experiments.Statistics;
using static MedPeft.Tests.Experiments.Reporting.ComparisonFixtures;

namespace MedPeft.Tests.Experiments.Pairing;

/// <summary>
/// compare-results on two hand-made results folders of six closed questions: a answers q1-q3 right (0.5), b q1-q5
/// (0.833); per question b − a is 0, 0, 0, 1, 1, 0. The interval is recomputed here from the bootstrap's draws.
/// </summary>
public sealed class ResultsPairingTests : IDisposable
{
    const int Resamples = 400;
    const long Seed = 11;
    static readonly string[] Ids = ["q1", "q2", "q3", "q4", "q5", "q6"];

    readonly TemporaryFolder folder = new();

    public void Dispose() => folder.Dispose();

    /// <summary>A results folder with <c>ln</c>'s test predictions: right on the first <paramref name="right"/> questions.</summary>
    string Results(string name, int right, IReadOnlyList<string>? ids = null)
    {
        var path = folder.File(name);
        var result = Result("vqa", "overall_accuracy", VqaColumns, Method("ln", 1, 100, null, null, null, Vqa(right / 6.0, null, right / 6.0)))
            with { Bootstrap = new BootstrapSetting(Resamples, Seed, 6) };
        Directory.CreateDirectory(path);
        File.WriteAllText(Path.Combine(path, ComparisonReport.JsonFile), ComparisonJson.Serialize(result, Verdict.Of(result)));
        var test = Path.Combine(ComparisonFolders.RunDirectory(path, "ln"), ComparisonFolders.Test);
        Directory.CreateDirectory(test);
        PredictionsFile.Write(Path.Combine(test, "predictions.jsonl"),
            (ids ?? Ids).Select((id, i) => new PredictionRecord(id, i < right ? "yes" : "no", ["yes"], "CLOSED")));
        return path;
    }

    [Fact]
    public void TheDifferenceAndItsIntervalAreThePairedBootstrapOfTheQuestionsDifferences()
    {
        var paired = ResultsPairing.Pair(Results("a", 3), Results("b", 5));

        var ln = Assert.Single(paired.Methods);
        Assert.Equal(0.5, ln.A.Mean, 12);
        Assert.Equal(5.0 / 6, ln.B.Mean, 12);
        Assert.Equal(2.0 / 6, ln.Difference.Mean, 12);
        Assert.Equal((Resamples, Seed, 6), (paired.Bootstrap.Resamples, paired.Bootstrap.Seed, paired.Bootstrap.Questions));
        // Independently: each resample draws six questions as the bootstrap does; b − a on it is the mean of the drawn
        // questions' differences; the interval is the 2.5th and 97.5th percentiles, interpolated between order statistics.
        double[] perQuestion = [0, 0, 0, 1, 1, 0];
        var means = Enumerable.Range(0, Resamples).Select(r =>
        {
            var random = new DeterministicRandom(Seed, r);
            return Enumerable.Range(0, 6).Select(_ => perQuestion[random.NextInt(6)]).Sum() / 6;
        }).Order().ToArray();
        double Percentile(double q)
        {
            double at = q * (means.Length - 1);
            int low = (int)at;
            return means[low] + (at - low) * (means[Math.Min(low + 1, means.Length - 1)] - means[low]);
        }
        Assert.Equal(Percentile(0.025), ln.Difference.Low, 12);
        Assert.Equal(Percentile(0.975), ln.Difference.High, 12);
        Assert.True(ln.Difference.Low < ln.Difference.High);
    }

    [Fact]
    public void TheCommandPrintsBothScoresAndTheDifferenceAndWritesTheJson()
    {
        var (a, b, output) = (Results("a", 3), Results("b", 5), folder.File("paired.json"));

        var result = CliRunner.Run("compare-results", a, b, "--out", output);

        Assert.True(result.ExitCode == 0, result.Error);
        Assert.Matches(@"ln\s+0\.5000\s+\[[0-9.]+, [0-9.]+\]\s+0\.8333\s+\[[0-9.]+, [0-9.]+\]\s+0\.3333\s+\[", result.Output);
        var json = JsonNode.Parse(File.ReadAllText(output))!;
        Assert.Equal(2.0 / 6, json["methods"]![0]!["difference"]!["mean"]!.GetValue<double>(), 12);
    }

    [Fact]
    public void FoldersWhoseTestQuestionsDifferAreRefusedNamingTheFile()
    {
        var a = Results("a", 3);
        var b = Results("b", 5, ["q1", "q2", "q3", "q4", "q5", "q7"]);

        var result = CliRunner.Run("compare-results", a, b);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains(Path.Combine(b, "runs", "ln", "test", "predictions.jsonl"), result.Error);
        Assert.Contains("test questions differ", result.Error);
        Assert.Single(result.Error.Trim().Split('\n'));
    }

    [Fact]
    public void AMissingResultsFileIsRefusedNamingIt()
    {
        var a = Results("a", 3);
        var empty = folder.File("empty");
        Directory.CreateDirectory(empty);

        var result = CliRunner.Run("compare-results", a, empty);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains(Path.Combine(empty, "results.json"), result.Error);
    }

    [Fact]
    public void MalformedOrMissingPredictionsAreRefusedNamingTheFile()
    {
        var (a, b) = (Results("a", 3), Results("b", 5));
        var predictions = Path.Combine(b, "runs", "ln", "test", "predictions.jsonl");
        File.WriteAllText(predictions, "not json\n");

        var malformed = CliRunner.Run("compare-results", a, b);
        File.Delete(predictions);
        var missing = CliRunner.Run("compare-results", a, b);

        Assert.Equal(2, malformed.ExitCode);
        Assert.Contains(predictions, malformed.Error);
        Assert.Equal(2, missing.ExitCode);
        Assert.Contains(predictions, missing.Error);
    }

    [Fact]
    public void AMalformedResultsFileIsRefusedNamingIt()
    {
        var (a, b) = (Results("a", 3), Results("b", 5));
        File.WriteAllText(Path.Combine(b, "results.json"), "{\"title\": 1}");

        var result = CliRunner.Run("compare-results", a, b);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains(Path.Combine(b, "results.json"), result.Error);
    }
}
