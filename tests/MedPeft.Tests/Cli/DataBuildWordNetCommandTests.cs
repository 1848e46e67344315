using MedPeft.Cli;

namespace MedPeft.Tests.Cli;

public sealed class DataBuildWordNetCommandTests : IDisposable
{
    readonly TemporaryFolder folder = new();

    public void Dispose() => folder.Dispose();

    [Fact]
    public void WritesTheCompactDatabaseThatScoreCanRead()
    {
        var target = folder.File("wordnet");
        var build = CliRunner.Run("data", "build-wordnet", "--from", TestData.Path("Evaluation", "Metrics", "WordNet", "tiny"), "--out", target);
        Assert.True(build.ExitCode == ExitCodes.Success, build.Error);
        Assert.Contains("index.noun.gz", build.Output);
        Assert.True(File.Exists(Path.Combine(target, "LICENSE")));

        var predictions = folder.File("reports.jsonl");
        File.WriteAllText(predictions, "{\"id\": \"1\", \"prediction\": \"dogs left\", \"reference\": \"frump leave\"}\n");
        var score = CliRunner.Run("score", "--task", "report", "--predictions", predictions, "--wordnet", target);
        Assert.True(score.ExitCode == ExitCodes.Success, score.Error);
        Assert.Contains($"with WordNet 3.0 from {target}", score.Output);
    }

    [Fact]
    public void AFolderThatIsNotWordNetExitsWithCodeTwo()
    {
        var build = CliRunner.Run("data", "build-wordnet", "--from", folder.Path, "--out", folder.File("out"));
        Assert.Equal(ExitCodes.BadInput, build.ExitCode);
        Assert.Contains($"the WordNet folder {folder.Path} has no index.noun", build.Error);
    }
}
