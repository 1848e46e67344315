using System.Runtime.InteropServices;
using System.Text.Json.Nodes;
using MedPeft.Tests.Training;
using MedPeft.Training;

namespace MedPeft.Tests.Cli;

/// <summary>
/// <c>medpeft sweep</c> end to end on a tiny model: each cell trains in a child <c>medpeft train</c>; a second run does
/// nothing, a changed grid adds cells, a stopped or killed cell resumes to the weights of a run that was not stopped,
/// two cells at once give the same rows as one, and the report has the rows <c>compare</c> gives the same settings.
/// </summary>
public sealed class SweepCommandTests(TrainingRunFixture fixture) : IClassFixture<TrainingRunFixture>
{
    string Grid(string folder, string methods, string seeds, int steps, string more = "") => GridFile(fixture, folder, methods, seeds, steps, more);

    /// <summary>Writes <c>grid.json</c> in <paramref name="folder"/>: the tiny BLIP on the fixture's synthetic set.</summary>
    internal static string GridFile(TrainingRunFixture fixture, string folder, string methods, string seeds, int steps, string more = "")
    {
        var path = Path.Combine(folder, "grid.json");
        File.WriteAllText(path, $$"""
            {"model": "{{fixture.Blip}}", "data": {"format": "builtin-synthetic", "dir": "{{fixture.Data}}"}, "task": "vqa",
             "methods": {{methods}}, "seeds": {{seeds}}, "steps": {{steps}}{{more}}}
            """);
        return path;
    }

    internal static CliRunner.Result Succeeds(params string[] arguments)
    {
        var result = CliRunner.Run(arguments);
        Assert.True(result.ExitCode == 0, result.Error + result.Output);
        return result;
    }

    internal static JsonArray Status(string sweep) => JsonNode.Parse(Succeeds("sweep", "status", sweep, "--json").Output)!.AsArray();

    /// <summary>The method rows of a results.json by name: each seed's scores, and the row's scores and intervals.</summary>
    internal static Dictionary<string, string> MethodRows(string results) =>
        JsonNode.Parse(File.ReadAllText(Path.Combine(results, "results.json")))!["rows"]!.AsArray()
            .ToDictionary(r => r!["name"]!.GetValue<string>(), r => new JsonObject
            {
                ["seeds"] = r!["seeds"]?.DeepClone(), ["scores"] = r["scores"]!.DeepClone(), ["intervals"] = r["intervals"]!.DeepClone(),
                ["differences"] = r["differences"]?.DeepClone(),
            }.ToJsonString());

    internal static IEnumerable<string> Cells(string sweep) => Directory.GetDirectories(Path.Combine(sweep, "cells")).Order();

    [Fact]
    public void TheGridRunsOnceAndItsReportHasTheRowsOfCompare()
    {
        using var folder = new TemporaryFolder();
        var grid = Grid(folder.Path, """["ln", "lora"]""", "[1, 2]", 4);
        var sweep = folder.File("sweep");

        Assert.Contains("4 cells: 0 trained before, 4 to start, 0 to resume", Succeeds("sweep", "run", grid, "--out", sweep).Output);

        var cells = Status(sweep);
        Assert.Equal(4, cells.Count);
        Assert.All(cells, c => Assert.Equal("done", c!["state"]!.GetValue<string>()));
        Assert.Equal(["ln", "ln", "lora", "lora"], cells.Select(c => c!["row"]!.GetValue<string>()).Order());
        Assert.All(cells, c => Assert.Contains("done: 4 steps", File.ReadAllText(c!["log"]!.GetValue<string>())));
        var table = Succeeds("sweep", "status", sweep).Output;
        Assert.Contains("0 pending, 0 running, 4 done, 0 failed", table);

        // Again: nothing to do, nothing touched.
        var before = Cells(sweep).ToDictionary(c => c, c => (File.GetLastWriteTimeUtc(Path.Combine(c, "run", Trainer.SummaryFile)), File.ReadAllText(Path.Combine(c, "train.log"))));
        Assert.Contains("4 cells: 4 trained before, 0 to start, 0 to resume", Succeeds("sweep", "run", grid, "--out", sweep).Output);
        Assert.Equal(before, Cells(sweep).ToDictionary(c => c, c => (File.GetLastWriteTimeUtc(Path.Combine(c, "run", Trainer.SummaryFile)), File.ReadAllText(Path.Combine(c, "train.log")))));

        // The report: compare with the same settings trains the same runs, so its rows have the same scores and intervals.
        var collected = folder.File("collected");
        Succeeds("sweep", "collect", sweep, "--out", collected);
        foreach (var file in new[] { "results.md", "results.csv", "report.html", "score_vs_trainable_params.png" })
            Assert.True(File.Exists(Path.Combine(collected, file)), file);
        var compared = folder.File("compared");
        Succeeds("compare", "--model", fixture.Blip, "--data", fixture.Data, "--format", "builtin-synthetic", "--methods", "ln,lora", "--steps", "4", "--seeds", "1,2", "--out", compared);
        var (sweepRows, compareRows) = (MethodRows(collected), MethodRows(compared));
        Assert.Equal(["ln", "lora", "majority", "zero-shot"], sweepRows.Keys.Order());
        Assert.Equal(compareRows, sweepRows);

        // A changed grid: ln at its usual rate (5e-3, the same cells) and at 1e-2 (new cells); lora's cells are kept.
        var changed = Grid(folder.Path, """["ln", "lora"]""", "[1, 2]", 4, """, "lr": {"ln": [5e-3, 1e-2]}""");
        Assert.Contains("6 cells: 4 trained before, 2 to start, 0 to resume", Succeeds("sweep", "run", changed, "--out", sweep).Output);
        foreach (var (cell, state) in before) Assert.Equal(state, (File.GetLastWriteTimeUtc(Path.Combine(cell, "run", Trainer.SummaryFile)), File.ReadAllText(Path.Combine(cell, "train.log"))));
        Assert.Equal(["ln (lr 0.005)", "ln (lr 0.005)", "ln (lr 0.01)", "ln (lr 0.01)", "lora", "lora"],
            Cells(sweep).Select(c => JsonNode.Parse(File.ReadAllText(Path.Combine(c, "cell.json")))!["row"]!.GetValue<string>()).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void TwoCellsAtOnceGiveTheSameRowsAsOneAtATime()
    {
        using var folder = new TemporaryFolder();
        var grid = Grid(folder.Path, """["ln", "lora"]""", "[1, 2]", 4);
        var (one, two) = (folder.File("one"), folder.File("two"));

        Succeeds("sweep", "run", grid, "--out", one, "--parallel", "1");
        Succeeds("sweep", "run", grid, "--out", two, "--parallel", "2");

        SameCellsAndRows(one, two);
    }

    /// <summary>Two sweep folders of one grid hold the same cells with the same weights, and collect gives them the same rows.</summary>
    internal static void SameCellsAndRows(string one, string two)
    {
        Assert.Equal(Cells(one).Select(Path.GetFileName), Cells(two).Select(Path.GetFileName));
        foreach (var cell in Cells(one).Select(Path.GetFileName))
            SameTensors.InLastCheckpoints(Path.Combine(one, "cells", cell!, "run"), Path.Combine(two, "cells", cell!, "run"));
        var (oneReport, twoReport) = (one + "-report", two + "-report");
        Succeeds("sweep", "collect", one, "--out", oneReport);
        Succeeds("sweep", "collect", two, "--out", twoReport);
        Assert.True(File.Exists(Path.Combine(oneReport, "report.html")));
        Assert.Equal(MethodRows(oneReport), MethodRows(twoReport));
    }

    [Fact]
    public void AStoppedOrKilledCellResumesToTheWeightsOfARunThatWasNotStopped()
    {
        const int Steps = 150;
        using var folder = new TemporaryFolder();
        var grid = Grid(folder.Path, """["ln"]""", "[1]", Steps);
        var (straight, stopped) = (folder.File("straight"), folder.File("stopped"));
        Succeeds("sweep", "run", grid, "--out", straight);

        using (var child = new ToolChild(["sweep", "run", grid, "--out", stopped]))
        {
            var started = child.WaitForLine(line => line.StartsWith("starting ln, seed 1", StringComparison.Ordinal), "its cell's start");
            var log = Path.Combine(stopped, "cells", started[(started.LastIndexOf('(') + 1)..^1], "train.log");
            // The training's loop starts after this evaluation; only the sweep is signalled, and forwards it.
            WaitForFile(log, "eval at step 0:");
            child.Signal(PosixSignal.SIGTERM);
            Assert.Equal(143, child.WaitForExit());
            Assert.Contains("stopped by SIGTERM: the sweep stopped on request", child.Error);
        }
        var cell = Assert.Single(Status(stopped))!;
        Assert.Equal("pending", cell["state"]!.GetValue<string>());
        Assert.StartsWith("stopped on request (exit code 143)", cell["reason"]!.GetValue<string>());
        var cellFolder = Path.GetDirectoryName(cell["log"]!.GetValue<string>())!;
        var stoppedAt = CheckpointStore.ReadState(Path.Combine(cellFolder, "run", "checkpoints", "last")).Step;
        Assert.InRange(stoppedAt, 1, Steps - 1);

        // As a SIGKILL of the sweep leaves it: the status says running, with the checkpoint; no sweep run works there.
        var status = Path.Combine(cellFolder, "status.json");
        File.WriteAllText(status, File.ReadAllText(status).Replace("\"pending\"", "\"running\""));
        cell = Assert.Single(Status(stopped))!;
        Assert.Equal("pending", cell["state"]!.GetValue<string>());
        Assert.StartsWith("interrupted", cell["reason"]!.GetValue<string>());

        Assert.Contains("1 cells: 0 trained before, 0 to start, 1 to resume", Succeeds("sweep", "run", grid, "--out", stopped).Output);
        Assert.Contains($"resuming {Path.Combine(cellFolder, "run")} at step {stoppedAt}", File.ReadAllText(Path.Combine(cellFolder, "train.log")));
        Assert.Equal("done", Assert.Single(Status(stopped))!["state"]!.GetValue<string>());
        SameTensors.InLastCheckpoints(Path.Combine(straight, "cells", Path.GetFileName(cellFolder), "run"), Path.Combine(cellFolder, "run"));
    }

    [Theory]
    [InlineData("--launcher", "ssh", "error: --launcher 'ssh': expected local or slurm.")]
    [InlineData("--partition", "cpu", "error: --partition is an option of --launcher slurm.")]
    [InlineData("--parallel", "0", "error: --parallel 0: expected at least 1")]
    public void ALauncherOrParallelismItCannotGiveIsRefused(string option, string value, string expected)
    {
        using var folder = new TemporaryFolder();
        var result = CliRunner.Run("sweep", "run", Grid(folder.Path, """["ln"]""", "[1]", 2), "--out", folder.File("sweep"), option, value);
        Assert.Equal(2, result.ExitCode);
        Assert.StartsWith(expected, result.Error);
        Assert.False(Directory.Exists(folder.File("sweep")));
    }

    [Theory]
    [InlineData("../cells", "error: key '../cells': expected a cell's key, 16 lowercase hexadecimal digits")]
    [InlineData("0123456789abcdef", "error: {0}: no cell.json; expected the folder of a sweep's cell")]
    public void TrainCellRefusesWhatIsNoPreparedCell(string key, string expected)
    {
        using var folder = new TemporaryFolder();
        var result = CliRunner.Run("sweep", "train-cell", folder.Path, key);
        Assert.Equal(2, result.ExitCode);
        Assert.StartsWith(string.Format(expected, Path.Combine(folder.Path, "cells", key)), result.Error);
    }

    [Fact]
    public void ABadGridOrAFolderWithoutASweepIsRefusedNamingTheFile()
    {
        using var folder = new TemporaryFolder();
        var grid = Grid(folder.Path, """["ln"]""", "[]", 2);
        var result = CliRunner.Run("sweep", "run", grid, "--out", folder.File("sweep"));
        Assert.Equal(2, result.ExitCode);
        Assert.StartsWith($"error: {grid}: field 'seeds' is empty", result.Error);

        var status = CliRunner.Run("sweep", "collect", folder.Path);
        Assert.Equal(2, status.ExitCode);
        Assert.StartsWith($"error: {folder.Path}: no sweep.json", status.Error);
    }

    /// <summary>Waits until the file holds <paramref name="text"/> (a guard against a hang only).</summary>
    internal static void WaitForFile(string path, string text)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromMinutes(5);
        while (!(File.Exists(path) && File.ReadAllText(path).Contains(text, StringComparison.Ordinal)))
        {
            Assert.True(DateTime.UtcNow < deadline, $"{path} never held '{text}'");
            Thread.Sleep(100);
        }
    }
}
