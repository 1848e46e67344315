using System.Diagnostics;
using MedPeft.Cli.Slurm;
using MedPeft.Tests.Cli;
using MedPeft.Tests.Training;
using MedPeft.Training;
using static MedPeft.Tests.Cli.SweepCommandTests;

namespace MedPeft.Tests.Sweeps.Slurm;

/// <summary>
/// <c>sweep run --launcher slurm</c> on a real Slurm cluster (<c>.ci/slurm-up</c> starts one on this machine): the grid's
/// cells as the tasks of a job array give the weights and rows of a local run; a task cancelled with scancel resumes in
/// the next sweep run to the weights of a run that was not cancelled. Cells compute with one thread, so that the two
/// CPUs of a small machine run two tasks at once.
/// </summary>
[Trait("Category", "Slurm")]
public sealed class SlurmSweepTests(TrainingRunFixture fixture) : IClassFixture<TrainingRunFixture>
{
    const string OneThread = """, "threads": 1""";

    /// <summary>Steps of a cell that is stopped while it trains.</summary>
    const int LongSteps = 150;

    [SlurmFact]
    public void TheGridRunsAsAJobArrayAndGivesTheWeightsAndRowsOfALocalRun()
    {
        using var folder = new TemporaryFolder();
        var grid = GridFile(fixture, folder.Path, """["ln", "lora"]""", "[1, 2]", 4, OneThread);
        var (slurm, local) = (folder.File("on slurm"), folder.File("local"));

        var run = Succeeds("sweep", "run", grid, "--out", slurm, "--launcher", "slurm", "--max-running", "2");
        Assert.Contains("4 cells: 0 trained before, 4 to start, 0 to resume", run.Output);
        Assert.Contains("submitted 4 cells as Slurm job array ", run.Output);
        Assert.All(Status(slurm), c => Assert.Equal("done", c!["state"]!.GetValue<string>()));
        var script = File.ReadAllText(Assert.Single(Directory.GetFiles(Path.Combine(slurm, "slurm"), "*.sh")));
        Assert.Contains("#SBATCH --array=0-3%2\n", script);
        Assert.Contains("#SBATCH --cpus-per-task=1\n", script);

        // Again: every cell is trained; nothing is submitted.
        var again = Succeeds("sweep", "run", grid, "--out", slurm, "--launcher", "slurm");
        Assert.Contains("4 cells: 4 trained before, 0 to start, 0 to resume", again.Output);
        Assert.DoesNotContain("submitted", again.Output);

        Succeeds("sweep", "run", grid, "--out", local, "--parallel", "2");
        SameCellsAndRows(slurm, local);
    }

    [SlurmFact]
    public void ACancelledTaskResumesInTheNextRunToTheWeightsOfARunThatWasNotCancelled()
    {
        using var folder = new TemporaryFolder();
        var (grid, cancelled, cellFolder, job) = TrainingOnSlurm(folder);
        Assert.Equal(0, Slurm("scancel", job).ExitCode);
        WaitUntil(() => Slurm("squeue", "--noheader", "--name=" + SlurmLauncher.JobNameOf(cancelled)).Output.Trim().Length == 0, "the cancelled task to leave the queue");

        var cell = Assert.Single(Status(cancelled))!;
        Assert.Equal("pending", cell["state"]!.GetValue<string>());
        Assert.StartsWith("stopped on request (exit code 143)", cell["reason"]!.GetValue<string>());
        var stoppedAt = CheckpointStore.ReadState(Path.Combine(cellFolder, "run", "checkpoints", "last")).Step;
        Assert.InRange(stoppedAt, 1, LongSteps - 1);

        var resumed = Succeeds("sweep", "run", grid, "--out", cancelled, "--launcher", "slurm");
        Assert.Contains("1 cells: 0 trained before, 0 to start, 1 to resume", resumed.Output);
        Assert.Contains($"resuming {Path.Combine(cellFolder, "run")} at step {stoppedAt}", File.ReadAllText(Path.Combine(cellFolder, "train.log")));
        EndsAsTheStraightRun(folder, cancelled);
    }

    [SlurmFact]
    public void ATaskWarnedOfItsTimeLimitRequeuesItselfAndContinuesWhereItStopped()
    {
        using var folder = new TemporaryFolder();
        var (grid, requeued, cellFolder, job) = TrainingOnSlurm(folder);
        // What Slurm sends the script before the time limit (--signal=B:USR1@120), sent now.
        Assert.Equal(0, Slurm("scancel", "--batch", "--signal=USR1", job + "_0").ExitCode);
        // Slurm holds a requeued job back a while before it may start again; the test lets it start now.
        WaitUntil(() => Slurm("squeue", "--noheader", "--jobs=" + job + "_0", "--format=%T").Output.Trim() == "PENDING", "the task to be requeued");
        Assert.Equal(0, Slurm("scontrol", "update", $"JobId={job}_0", "StartTime=now").ExitCode);

        // The task is back in the queue: the next sweep run submits nothing and follows it to its end.
        var followed = Succeeds("sweep", "run", grid, "--out", requeued, "--launcher", "slurm");
        Assert.Contains($"1 of them pending or running on Slurm already ({job}_0): not submitted again", followed.Output);
        Assert.DoesNotContain("submitted 1", followed.Output);
        Assert.Matches("resuming .* at step [1-9]", File.ReadAllText(Path.Combine(cellFolder, "train.log")));
        EndsAsTheStraightRun(folder, requeued);
    }

    /// <summary>
    /// A grid of one ln cell of <see cref="LongSteps"/> steps in <paramref name="folder"/>, submitted to Slurm without
    /// waiting, once its training's loop has started (after its first evaluation): the grid, the sweep folder, the
    /// cell's folder and the array's job id.
    /// </summary>
    (string Grid, string Sweep, string CellFolder, string Job) TrainingOnSlurm(TemporaryFolder folder)
    {
        var grid = GridFile(fixture, folder.Path, """["ln"]""", "[1]", LongSteps, OneThread);
        var sweep = folder.File("on slurm");
        var submitted = Succeeds("sweep", "run", grid, "--out", sweep, "--launcher", "slurm", "--no-wait").Output;
        var job = submitted[(submitted.IndexOf("Slurm job array ", StringComparison.Ordinal) + "Slurm job array ".Length)..].Split(' ')[0];
        var cellFolder = Assert.Single(Cells(sweep));
        WaitForFile(Path.Combine(cellFolder, "train.log"), "eval at step 0:");
        return (grid, sweep, cellFolder, job);
    }

    /// <summary>The one cell of <paramref name="sweep"/> is done, with the weights of the same grid run here without a stop.</summary>
    static void EndsAsTheStraightRun(TemporaryFolder folder, string sweep)
    {
        var cellFolder = Assert.Single(Cells(sweep));
        Assert.Equal("done", Assert.Single(Status(sweep))!["state"]!.GetValue<string>());
        var straight = folder.File("straight");
        Succeeds("sweep", "run", Path.Combine(folder.Path, "grid.json"), "--out", straight);
        SameTensors.InLastCheckpoints(Path.Combine(straight, "cells", Path.GetFileName(cellFolder), "run"), Path.Combine(cellFolder, "run"));
    }

    static (int ExitCode, string Output) Slurm(string command, params string[] arguments)
    {
        using var process = Process.Start(new ProcessStartInfo(command, arguments) { RedirectStandardOutput = true, RedirectStandardError = true })!;
        var error = process.StandardError.ReadToEndAsync();
        var output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        return (process.ExitCode, output + error.Result);
    }

    /// <summary>Waits until <paramref name="done"/> holds (a guard against a hang only).</summary>
    static void WaitUntil(Func<bool> done, string what)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromMinutes(3);
        while (!done())
        {
            Assert.True(DateTime.UtcNow < deadline, $"waited in vain for {what}");
            Thread.Sleep(500);
        }
    }
}
