using MedPeft.Tests.Training;

namespace MedPeft.Tests.Cli;

/// <summary>
/// <c>train</c> and <c>compare</c> refuse before loading anything a run whose memory plan does not fit the device's
/// memory (here a 1 MiB device, less than the process itself), and <c>--force</c> trains anyway.
/// </summary>
public sealed class MemoryRefusalTests(TrainingRunFixture fixture) : IClassFixture<TrainingRunFixture>
{
    [Fact]
    public void TrainRefusesARunThatDoesNotFitNamingThePeakTheMemoryAndTheWayOut()
    {
        var output = Path.Combine(fixture.Folder.Path, "refused-train");

        var result = CliRunner.Run(fixture.Train(fixture.Blip, "ln", output, "--device-memory", "1MiB", "--max-steps", "1"));

        Assert.Equal(2, result.ExitCode);
        var lines = result.Error.Trim().Split('\n');
        Assert.Single(lines);
        Assert.Matches(@"^error: ln@vision:text-encoder:decoder with batch 16 is predicted to peak at [0-9.]+ MiB, more than the 1\.00 MiB of memory \(--device-memory\); ", lines[0]);
        Assert.Contains("(--force trains anyway)", lines[0]);
        Assert.False(Directory.Exists(output));
    }

    [Fact]
    public void ForceTrainsARunThatDoesNotFit()
    {
        var output = Path.Combine(fixture.Folder.Path, "forced-train");

        var (code, _, error) = TrainingRunFixture.RunToEnd(fixture.Train(fixture.Blip, "ln", output,
            "--device-memory", "1MiB", "--force", "--max-steps", "1", "--batch-size", "2"));

        Assert.True(code == 0, error);
        Assert.True(File.Exists(Path.Combine(output, "summary.json")));
    }

    [Fact]
    public void CompareRefusesBeforeItsFirstRun()
    {
        var output = Path.Combine(fixture.Folder.Path, "refused-compare");

        var result = CliRunner.Run("compare", "--model", fixture.Blip, "--data", fixture.Data, "--format", "builtin-synthetic",
            "--methods", "ln,lora", "--steps", "1", "--device-memory", "1MiB", "--out", output);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("is predicted to peak at", result.Error);
        Assert.False(Directory.Exists(output));
        Assert.False(Directory.Exists(output + ".stopped"));
    }
}
