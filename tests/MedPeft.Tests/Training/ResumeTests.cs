using MedPeft.Training;

namespace MedPeft.Tests.Training;

/// <summary>A run killed with SIGKILL and resumed ends with the same weights as an uninterrupted run.</summary>
public class ResumeTests(TrainingRunFixture fixture) : IClassFixture<TrainingRunFixture>
{
    string[] Arguments(string output) => fixture.LoraAndLayerNorm(output, 12, "--save-every", "1", "--eval-every", "5");

    [Fact]
    public void KilledAndResumedEqualsUninterrupted()
    {
        var straight = Path.Combine(fixture.Folder.Path, "straight");
        var interrupted = Path.Combine(fixture.Folder.Path, "interrupted");
        var (code, _, error) = TrainingRunFixture.RunToEnd(Arguments(straight));
        Assert.True(code == 0, error);

        int killAfter = new Random().Next(2, 10);
        var killedAt = TrainingRunFixture.KillAfterCheckpoint(Arguments(interrupted), interrupted, killAfter);
        Assert.InRange(killedAt, killAfter, 11);

        var resumed = TrainingRunFixture.RunToEnd("train", "--resume", "--out", interrupted);
        Assert.True(resumed.ExitCode == 0, resumed.Error);
        Assert.Contains($"resuming {interrupted} at step {killedAt}", resumed.Output);

        SameTensors.InLastCheckpoints(straight, interrupted);
        Assert.Equal(12, CheckpointStore.ReadState(Path.Combine(interrupted, "checkpoints", "last")).Step);
    }

    [Fact]
    public void ResumeOfAFolderWithoutARunIsRefused()
    {
        var result = CliRunner.Run("train", "--resume", "--out", Path.Combine(fixture.Folder.Path, "nothing-here"));

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("run.json", result.Error);
    }

    [Fact]
    public void StartingIntoAnUsedFolderIsRefused()
    {
        var used = Path.Combine(fixture.Folder.Path, "used");
        Directory.CreateDirectory(used);
        File.WriteAllText(Path.Combine(used, "something.txt"), "x");

        var result = CliRunner.Run(Arguments(used));

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("--resume", result.Error);
    }
}
