using System.Runtime.InteropServices;
using System.Text.Json.Nodes;
using MedPeft.Cli;
using MedPeft.Tests.Training;
using MedPeft.Training;

namespace MedPeft.Tests.Cli;

/// <summary>
/// SIGTERM to <c>medpeft compare</c> reaches the <c>train</c> it runs: the training stops at its next step with a
/// checkpoint, compare keeps its work beside the results folder and exits with 143, and the same command then
/// continues the training where it stopped and writes the results.
/// </summary>
public sealed class CompareStopTests(TrainingRunFixture fixture) : IClassFixture<TrainingRunFixture>
{
    const int Steps = 150;

    [Fact]
    public void AStoppedComparisonIsContinuedByTheSameCommand()
    {
        using var folder = new TemporaryFolder();
        var results = folder.File("results");
        var stopped = results + CompareCommand.StoppedSuffix;
        string[] compare = ["compare", "--model", fixture.Blip, "--data", fixture.Data, "--format", "builtin-synthetic", "--methods", "ln", "--steps", $"{Steps}", "--out", results];

        using (var child = new ToolChild(compare))
        {
            // The train child's output, as compare copies it: its loop starts after this evaluation. Only compare is signalled.
            child.WaitForLine(line => line.StartsWith("  | eval at step 0:", StringComparison.Ordinal), "its training's first evaluation");
            child.Signal(PosixSignal.SIGTERM);
            Assert.Equal(143, child.WaitForExit());
            Assert.Contains("  | stopped by SIGTERM: training stopped on request after step ", child.Output);
            Assert.Contains($"stopped by SIGTERM: the comparison stopped on request at ln's training; the comparison so far is kept in {stopped}: the same command continues it", child.Error);
        }
        Assert.False(Directory.Exists(results), $"{results}: a stopped comparison has no results folder");
        var run = Path.Combine(stopped, "runs", "ln");
        var stoppedAt = CheckpointStore.ReadState(Path.Combine(run, "checkpoints", "last")).Step;
        Assert.InRange(stoppedAt, 1, Steps - 1);

        var continued = CliRunner.Run(compare);

        Assert.True(continued.ExitCode == 0, continued.Error + continued.Output);
        Assert.Contains($"continuing the stopped comparison in {stopped}", continued.Output);
        // The run continues in the comparison's work folder (a temporary beside the results), from its checkpoint.
        Assert.Matches($@"  \| resuming \S+/runs/ln at step {stoppedAt}\n", continued.Output);
        Assert.False(Directory.Exists(stopped), $"{stopped}: taken up by the finished comparison");
        var ln = JsonNode.Parse(File.ReadAllText(Path.Combine(results, "results.json")))!["rows"]!.AsArray().Single(r => r!["name"]!.GetValue<string>() == "ln")!;
        Assert.Equal(Steps, ln["steps"]!.GetValue<long>());
    }
}
