using System.Text.Json.Nodes;

namespace MedPeft.Tests.Training;

/// <summary>
/// <c>train --spec</c> runs the run a run.json describes (what a comparison's children do): the same
/// description gives the same run as the options that wrote it.
/// </summary>
public class RunSpecFileTests(TrainingRunFixture fixture) : IClassFixture<TrainingRunFixture>
{
    [Fact]
    public void ARunFromItsRunJsonRepeatsTheRunThatWroteIt()
    {
        string first = Path.Combine(fixture.Folder.Path, "spec-first"), second = Path.Combine(fixture.Folder.Path, "spec-second");
        var byOptions = TrainingRunFixture.RunToEnd(fixture.Train(fixture.Blip, "ln+lora", first, "--max-steps", "4", "--batch-size", "4", "--lr", "1e-2", "--lora-r", "4"));
        Assert.True(byOptions.ExitCode == 0, byOptions.Error);

        var bySpec = TrainingRunFixture.RunToEnd("train", "--spec", Path.Combine(first, "run.json"), "--out", second);

        Assert.True(bySpec.ExitCode == 0, bySpec.Error);
        Assert.Equal(4, TrainingRunFixture.Losses(first).Count);
        Assert.Equal(TrainingRunFixture.Losses(first), TrainingRunFixture.Losses(second));
        Assert.Equal(File.ReadAllText(Path.Combine(first, "run.json")), File.ReadAllText(Path.Combine(second, "run.json")));
    }

    [Fact]
    public void ASpecFileInsideTheRunFolderIsTheOnlyThingItMayHold()
    {
        var run = Path.Combine(fixture.Folder.Path, "spec-inside");
        Directory.CreateDirectory(run);
        File.WriteAllText(Path.Combine(run, "stray.txt"), "not a run file");
        File.Copy(TestData.Path("adapters-v1", "run", "run.json"), Path.Combine(run, "run.json"));

        var result = CliRunner.Run("train", "--spec", Path.Combine(run, "run.json"), "--out", run);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("exists and is not empty", result.Error);
    }

    [Fact]
    public void AMalformedSpecFileIsNamed()
    {
        using var folder = new TemporaryFolder();
        File.WriteAllText(folder.File("run.json"), "{\"model\": 3");

        var result = CliRunner.Run("train", "--spec", folder.File("run.json"), "--out", folder.File("run"));

        Assert.Equal(2, result.ExitCode);
        Assert.Contains(folder.File("run.json"), result.Error);
        Assert.Contains("not a valid run description", result.Error);
        Assert.False(Directory.Exists(folder.File("run")));
    }
}
