using System.Runtime.InteropServices;
using System.Text.Json.Nodes;
using MedPeft.Sweeps;
using MedPeft.Tests.Training;
using MedPeft.Training;

namespace MedPeft.Tests.Cli;

/// <summary>
/// SIGTERM to <c>medpeft compare</c> reaches the <c>train</c> of the cell it runs: the training stops at its next step
/// with a checkpoint, compare keeps its work in its in-progress folder beside the results folder and exits with 143, and
/// the same command then keeps the cell trained before, resumes the stopped cell where it stopped and writes the results.
/// </summary>
public sealed class CompareStopTests(TrainingRunFixture fixture) : IClassFixture<TrainingRunFixture>
{
    const int Steps = 150;

    [Fact]
    public void AStoppedComparisonIsContinuedByTheSameCommand()
    {
        using var folder = new TemporaryFolder();
        var results = folder.File("results");
        var stopped = results + ComparisonSweep.InProgressSuffix;
        // lora first: a short cell that is trained to its end before ln's long one is stopped.
        string[] compare = ["compare", "--model", fixture.Blip, "--data", fixture.Data, "--format", "builtin-synthetic", "--methods", "lora,ln", "--steps", $"{Steps}",
            "--out", results];

        using (var child = new ToolChild(compare))
        {
            // The train children's output, as compare copies it: ln's loop starts after its first evaluation. Only compare is signalled.
            const string lnStarts = "  |   method ln:";
            child.WaitForLine(line => line.StartsWith(lnStarts, StringComparison.Ordinal), "ln's training");
            var deadline = DateTime.UtcNow + TimeSpan.FromMinutes(2);
            while (!child.Output[child.Output.IndexOf(lnStarts, StringComparison.Ordinal)..].Contains("  | eval at step 0:", StringComparison.Ordinal))
            {
                Assert.True(DateTime.UtcNow < deadline, "ln's first evaluation never came");
                Thread.Sleep(50);
            }
            child.Signal(PosixSignal.SIGTERM);
            Assert.Equal(143, child.WaitForExit());
            Assert.Contains("  | stopped by SIGTERM: training stopped on request after step ", child.Output);
            Assert.Contains($"stopped by SIGTERM: the comparison stopped on request while its methods trained; their cells keep their checkpoints; " +
                $"the comparison so far is kept in {stopped}: the same command continues it", child.Error);
        }
        Assert.False(Directory.Exists(results), $"{results}: a stopped comparison has no results folder");
        var cells = Path.Combine(stopped, "sweep", "cells");
        var run = Directory.GetDirectories(cells).Select(cell => Path.Combine(cell, "run"))
            .Single(r => JsonNode.Parse(File.ReadAllText(Path.Combine(r, "run.json")))!["method"]!.GetValue<string>() == "ln");
        var stoppedAt = CheckpointStore.ReadState(Path.Combine(run, "checkpoints", "last")).Step;
        Assert.InRange(stoppedAt, 1, Steps - 1);

        var continued = CliRunner.Run(compare);

        Assert.True(continued.ExitCode == 0, continued.Error + continued.Output);
        Assert.Contains($"continuing the comparison in {stopped}", continued.Output);
        // lora's cell was trained before the stop and is kept; ln's continues in its cell from its checkpoint.
        Assert.Contains("2 cells: 1 trained before, 0 to start, 1 to resume", continued.Output);
        Assert.Contains($"  | resuming {run} at step {stoppedAt}\n", continued.Output);
        Assert.False(Directory.Exists(stopped), $"{stopped}: renamed to the results folder");
        // runs/ln is a relative link to its cell's run folder, which moved with the comparison's folder.
        Assert.Equal(Path.GetRelativePath(Path.Combine(stopped, "runs"), run), new DirectoryInfo(Path.Combine(results, "runs", "ln")).LinkTarget);
        var ln = JsonNode.Parse(File.ReadAllText(Path.Combine(results, "results.json")))!["rows"]!.AsArray().Single(r => r!["name"]!.GetValue<string>() == "ln")!;
        Assert.Equal(Steps, ln["steps"]!.GetValue<long>());
    }
}
