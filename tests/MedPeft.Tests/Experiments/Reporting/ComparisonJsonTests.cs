using System.Text.Json;
using MedPeft.Experiments;
using MedPeft.Experiments.Reporting;
using static MedPeft.Tests.Experiments.Reporting.ComparisonFixtures;

namespace MedPeft.Tests.Experiments.Reporting;

public sealed class ComparisonJsonTests
{
    [Fact]
    public void KeysAreSnakeCaseAndCarryTheVerdict()
    {
        var result = VqaComparison();
        var json = JsonDocument.Parse(ComparisonJson.Serialize(result, Verdict.Of(result))).RootElement;
        Assert.Equal("overall_accuracy", json.GetProperty("primary_score").GetString());
        Assert.Equal(120, json.GetProperty("split_sizes").GetProperty("test").GetInt32());
        Assert.Equal(3725, json.GetProperty("wall_seconds").GetDouble());
        var budget = json.GetProperty("budget");
        Assert.Equal("quick", budget.GetProperty("name").GetString());
        Assert.Equal(200, budget.GetProperty("steps").GetInt64());
        Assert.Equal(16, budget.GetProperty("batch_size").GetInt32());
        Assert.Equal(50, budget.GetProperty("eval_every").GetInt64());
        var machine = json.GetProperty("machine");
        Assert.Equal("10.0.1", machine.GetProperty("dotnet").GetString());
        Assert.Equal("0.107.0", machine.GetProperty("torchsharp").GetString());
        Assert.Equal(24L << 30, machine.GetProperty("memory_bytes").GetInt64());
        var rows = json.GetProperty("rows");
        Assert.Equal("zero_shot", rows[0].GetProperty("kind").GetString());
        Assert.Equal(JsonValueKind.Null, rows[0].GetProperty("trainable_parameters").ValueKind);
        var ln = rows.EnumerateArray().Single(r => r.GetProperty("name").GetString() == "ln");
        Assert.Equal(62_000, ln.GetProperty("trainable_parameters").GetInt64());
        Assert.Equal(0.684, ln.GetProperty("scores").GetProperty("overall_accuracy").GetDouble());
        Assert.Equal(1.8, ln.GetProperty("validation_curve")[2].GetProperty("validation_loss").GetDouble());
        var verdict = json.GetProperty("verdict");
        Assert.Equal("ln", verdict.GetProperty("efficient_method").GetString());
        Assert.Equal(["ln", "full"], verdict.GetProperty("best_methods").EnumerateArray().Select(e => e.GetString()));
        // Intervals and paired differences as results.json carries them.
        var interval = ln.GetProperty("intervals").GetProperty("overall_accuracy");
        Assert.Equal(0.684, interval.GetProperty("mean").GetDouble());
        Assert.Equal(JsonValueKind.Null, interval.GetProperty("std").ValueKind);
        Assert.Equal([0.63, 0.735], interval.GetProperty("ci95").EnumerateArray().Select(e => e.GetDouble()));
        Assert.Equal([-0.06, 0.004], ln.GetProperty("differences").GetProperty("full").GetProperty("overall_accuracy").GetProperty("ci95").EnumerateArray().Select(e => e.GetDouble()));
        Assert.Equal(Verdict.Of(result).Line, verdict.GetProperty("line").GetString());
    }

    [Theory]
    [InlineData("vqa")]
    [InlineData("report")]
    [InlineData("single")]
    public void RoundTripsThroughTheFile(string which)
    {
        var result = which switch { "vqa" => VqaComparison(), "report" => ReportComparison(), _ => SingleMethod() };
        using var folder = new TemporaryFolder();
        var path = folder.File("results.json");
        File.WriteAllText(path, ComparisonJson.Serialize(result, Verdict.Of(result)));
        var back = ComparisonJson.Read(path);

        Assert.Equal(result with { SplitSizes = null!, Rows = null!, ScoreColumns = null!, Notes = null!, Seeds = null! },
            back with { SplitSizes = null!, Rows = null!, ScoreColumns = null!, Notes = null!, Seeds = null! });
        Assert.Equal(result.Seeds, back.Seeds);
        Assert.Equal(result.SplitSizes, back.SplitSizes);
        Assert.Equal(result.ScoreColumns, back.ScoreColumns);
        Assert.Equal(result.Notes, back.Notes);
        Assert.Equal(result.Rows.Count, back.Rows.Count);
        foreach (var (expected, actual) in result.Rows.Zip(back.Rows))
        {
            Assert.Equal(expected with { Scores = null!, ValidationCurve = null!, Intervals = null, Differences = null },
                actual with { Scores = null!, ValidationCurve = null!, Intervals = null, Differences = null });
            Assert.Equal(JsonSerializer.Serialize(expected.Intervals), JsonSerializer.Serialize(actual.Intervals));
            Assert.Equal(JsonSerializer.Serialize(expected.Differences), JsonSerializer.Serialize(actual.Differences));
            Assert.Equal(expected.Scores, actual.Scores);
            Assert.Equal(expected.ValidationCurve, actual.ValidationCurve);
        }
    }

    [Fact]
    public void NotFiniteNumbersSurviveTheRoundTrip()
    {
        var row = Method("diverged", 10, 100, null, double.NaN, null, Vqa(0.5, null, 0.5), [new(10, 1, double.PositiveInfinity, null)]);
        var result = Result("vqa", "overall_accuracy", VqaColumns, row);
        using var folder = new TemporaryFolder();
        File.WriteAllText(folder.File("r.json"), ComparisonJson.Serialize(result, Verdict.Of(result)));
        var back = ComparisonJson.Read(folder.File("r.json")).Rows[0];
        Assert.True(double.IsNaN(back.SecondsPerStep!.Value));
        Assert.Equal(double.PositiveInfinity, back.ValidationCurve[0].ValidationLoss);
    }

    [Theory]
    [InlineData("{\"title\": ", "not a comparison result")]
    [InlineData("{\"title\": \"t\"}", "not a comparison result")]
    [InlineData("null", "holds null")]
    public void BadFilesAreNamedInTheMessage(string text, string expected)
    {
        using var folder = new TemporaryFolder();
        var path = folder.File("results.json");
        File.WriteAllText(path, text);
        var error = Assert.Throws<MedPeftException>(() => ComparisonJson.Read(path));
        Assert.StartsWith(path + ": ", error.Message);
        Assert.Contains(expected, error.Message);
    }

    [Fact]
    public void MissingFileIsAMedPeftException()
    {
        using var folder = new TemporaryFolder();
        var error = Assert.Throws<MedPeftException>(() => ComparisonJson.Read(folder.File("absent.json")));
        Assert.Contains("absent.json: cannot be read", error.Message);
    }
}
