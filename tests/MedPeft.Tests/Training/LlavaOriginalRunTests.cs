namespace MedPeft.Tests.Training;

/// <summary>A LLaVA in the original layout trains and evaluates from the command line, its tower given with --vision-tower.</summary>
public class LlavaOriginalRunTests(TrainingRunFixture fixture) : IClassFixture<TrainingRunFixture>
{
    [Fact]
    public void TrainsAndEvaluatesWithTheTowerGivenOnTheCommandLine()
    {
        var (model, tower) = TinyModelFolders.LlavaOriginal(Path.Combine(fixture.Folder.Path, "original"));
        var run = Path.Combine(fixture.Folder.Path, "original-ln");

        var (code, output, error) = TrainingRunFixture.RunToEnd(fixture.Train(model, "ln", run, "--vision-tower", tower, "--max-steps", "2", "--batch-size", "4", "--eval-every", "2"));

        Assert.True(code == 0, error + output);
        var test = Path.Combine(fixture.Folder.Path, "original-test");
        var evaluation = TrainingRunFixture.RunToEnd("eval", "--model", model, "--vision-tower", tower, "--adapter", Path.Combine(run, "checkpoints", "best"),
            "--data", fixture.Data, "--format", "builtin-synthetic", "--max-new-tokens", "3", "--out", test);
        Assert.True(evaluation.ExitCode == 0, evaluation.Error + evaluation.Output);
        Assert.True(File.Exists(Path.Combine(test, "predictions.jsonl")));
    }
}
