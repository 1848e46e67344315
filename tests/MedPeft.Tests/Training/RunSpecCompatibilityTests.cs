using MedPeft.Data.Datasets;
using MedPeft.Runs;

namespace MedPeft.Tests.Training;

/// <summary>
/// Run folders written by earlier versions still resume: their run.json (TestData/runs-v1, written by a
/// comparison before run descriptions moved to Runs, with the derived "plan" and "dataset_options"
/// fields it then carried) reads into the same description.
/// </summary>
public sealed class RunSpecCompatibilityTests
{
    [Fact]
    public void ARunJsonOfAnEarlierVersionReadsIntoTheSameRun()
    {
        var spec = RunSpec.Read(TestData.Path("runs-v1", "run.json"));

        Assert.Equal("ln", spec.Method);
        Assert.Equal("builtin-real", spec.Format);
        Assert.Equal(DatasetTask.Vqa, spec.Task);
        Assert.Null(spec.Scope);
        Assert.Equal(120, spec.Training.MaxSteps);
        Assert.Equal(5e-3, spec.Training.LearningRate);
        Assert.Equal(0.05, spec.Training.WarmupRatio);
        Assert.False(spec.Training.Augment);
        Assert.Equal(40, spec.Training.EvalEvery);
        Assert.Equal(8, spec.Peft.LoraRank);
        Assert.Equal(["k", "v", "ffn"], spec.Peft.Ia3Targets);
        Assert.Equal("cpu", spec.Device);
    }

    [Fact]
    public void ARunJsonWrittenNowHoldsTheSameSettingsWithoutTheDerivedFields()
    {
        using var folder = new TemporaryFolder();
        var spec = RunSpec.Read(TestData.Path("runs-v1", "run.json"));

        spec.Save(folder.Path);
        var written = File.ReadAllText(folder.File(RunSpec.FileName));
        var again = RunSpec.Read(folder.File(RunSpec.FileName));

        Assert.DoesNotContain("\"plan\"", written);
        Assert.DoesNotContain("\"dataset_options\"", written);
        Assert.Equal(spec.Training, again.Training);
        Assert.Equal(spec with { Peft = again.Peft }, again);
        Assert.Equal(System.Text.Json.JsonSerializer.Serialize(spec.Peft), System.Text.Json.JsonSerializer.Serialize(again.Peft));
    }
}
