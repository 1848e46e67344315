using System.Runtime.InteropServices;
using MedPeft.Tests.Cli;
using MedPeft.Training;

namespace MedPeft.Tests.Training;

/// <summary>
/// SIGTERM or SIGINT during <c>train</c>: the run writes its checkpoint at the next optimizer step and exits with
/// 143 or 130, and <c>--resume</c> ends with the same weights and optimizer state as a run that was not stopped;
/// a second signal ends it at once.
/// </summary>
public sealed class StopSignalTests(TrainingRunFixture fixture) : IClassFixture<TrainingRunFixture>
{
    const int Steps = 30;

    // A checkpoint only at the end, so the one the stop writes is its own.
    string[] Arguments(string output) => fixture.LoraAndLayerNorm(output, Steps, "--eval-every", $"{Steps}", "--save-every", "1000", "--log-every", "1");

    [Theory]
    [InlineData(PosixSignal.SIGTERM, 143)]
    [InlineData(PosixSignal.SIGINT, 130)]
    public void StoppedBySignalThenResumedEqualsUninterrupted(PosixSignal signal, int exitCode)
    {
        var straight = Path.Combine(fixture.Folder.Path, $"straight-{signal}");
        var stopped = Path.Combine(fixture.Folder.Path, $"stopped-{signal}");
        var (code, _, error) = TrainingRunFixture.RunToEnd(Arguments(straight));
        Assert.True(code == 0, error);

        using (var child = new ToolChild(Arguments(stopped)))
        {
            child.WaitForLine(line => line.Contains("step 1/", StringComparison.Ordinal), "its first step");
            child.Signal(signal);
            Assert.Equal(exitCode, child.WaitForExit());
            Assert.Contains($"stopped by {signal}: training stopped on request after step ", child.Error);
            Assert.Contains($"continue it with: medpeft train --resume --out {stopped}", child.Error);
        }
        var stoppedAt = CheckpointStore.ReadState(Path.Combine(stopped, "checkpoints", "last")).Step;
        Assert.InRange(stoppedAt, 1, Steps - 1);

        var resumed = TrainingRunFixture.RunToEnd("train", "--resume", "--out", stopped);
        Assert.True(resumed.ExitCode == 0, resumed.Error);
        Assert.Contains($"resuming {stopped} at step {stoppedAt}", resumed.Output);
        SameTensors.InLastCheckpoints(straight, stopped);
    }

    [Fact]
    public void ASecondSignalEndsTheRunAtOnce()
    {
        using var child = new ToolChild(Arguments(Path.Combine(fixture.Folder.Path, "twice")));
        child.WaitForLine(line => line.Contains("step 1/", StringComparison.Ordinal), "its first step");
        // Two signals of different kinds, so that they do not merge into one; they may be handled in either order.
        child.Signal(PosixSignal.SIGINT);
        child.Signal(PosixSignal.SIGTERM);

        int code = child.WaitForExit();
        var second = code == 130 ? PosixSignal.SIGINT : PosixSignal.SIGTERM;
        Assert.True(code is 130 or 143, $"exit code {code}: {child.Error}");
        Assert.EndsWith($"stopped at once by a second signal ({second}); what was written is kept, up to the last checkpoint", child.Error.Trim());
        Assert.DoesNotContain("training stopped on request", child.Error);
    }
}
