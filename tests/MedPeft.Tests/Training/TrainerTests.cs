using System.Text.Json.Nodes;
using MedPeft.Training;

namespace MedPeft.Tests.Training;

/// <summary>Training lowers the validation loss; a diverging run stops clearly and keeps its last good checkpoint.</summary>
public class TrainerTests(TrainingRunFixture fixture) : IClassFixture<TrainingRunFixture>
{
    static List<JsonObject> Evaluations(string run) =>
        new MetricsLog(Path.Combine(run, "metrics.jsonl")).Entries().Where(e => e["type"]!.GetValue<string>() == "eval").ToList();

    [Theory]
    [InlineData("blip")]
    [InlineData("llava")]
    public void LayerNormTuningLowersTheValidationLoss(string family)
    {
        var run = Path.Combine(fixture.Folder.Path, $"ln-{family}");
        var model = family == "blip" ? fixture.Blip : fixture.Llava;

        var (code, output, error) = TrainingRunFixture.RunToEnd(fixture.Train(model, "ln", run, "--max-steps", "30", "--batch-size", "8", "--lr", "3e-2", "--eval-every", "10"));

        Assert.True(code == 0, error + output);
        var evaluations = Evaluations(run);
        Assert.Equal(new long[] { 0, 10, 20, 30 }, evaluations.Select(e => e["step"]!.GetValue<long>()));
        double before = evaluations[0]["val_loss"]!.GetValue<double>(), after = evaluations[^1]["val_loss"]!.GetValue<double>();
        // At least 1% lower: more than evaluation noise (the validation rows are fixed, without augmentation).
        Assert.True(after < before * 0.99, $"validation loss {before} → {after}");
        Assert.True(File.Exists(Path.Combine(run, Trainer.SummaryFile)));
        Assert.True(Directory.Exists(Path.Combine(run, "checkpoints", "best")));
    }

    [Fact]
    public void ANonFiniteLossStopsTheRunAndKeepsTheLastGoodCheckpoint()
    {
        var run = Path.Combine(fixture.Folder.Path, "diverge");

        var (code, _, error) = TrainingRunFixture.RunToEnd(fixture.Train(fixture.Blip, "full", run,
            "--max-steps", "40", "--batch-size", "4", "--lr", "1e12", "--max-grad-norm", "0", "--save-every", "1"));

        Assert.Equal(1, code);
        Assert.Contains("the training loss became", error);
        Assert.Contains("last good checkpoint", error);
        var last = new CheckpointStore(run).Find(CheckpointStore.Last);
        Assert.NotNull(last);
        var state = CheckpointStore.ReadState(last!);
        var weights = MedPeft.IO.SafeTensorsFile.Open(Path.Combine(last!, "adapter_model.safetensors")).ReadAll();
        Assert.All(weights.Values, t => Assert.True(t.isfinite().all().item<bool>()));
        Assert.True(state.Step >= 1);
    }

    [Theory]
    [InlineData("--lr", "-1", "--lr must be a positive number")]
    [InlineData("--metric", "accuracy", "--metric 'accuracy' is unknown")]
    [InlineData("--metric", "overall_accuracy", "needs generated answers: set --eval-generate")]
    [InlineData("--batch-size", "0", "--batch-size must be at least 1")]
    public void BadOptionsAreRefused(string option, string value, string message)
    {
        var result = CliRunner.Run(fixture.Train(fixture.Blip, "ln", Path.Combine(fixture.Folder.Path, "bad" + Guid.NewGuid()), option, value));

        Assert.Equal(2, result.ExitCode);
        Assert.Contains(message, result.Error);
    }

    [Fact]
    public void AModelFolderWithoutATokenizerIsNamed()
    {
        var result = CliRunner.Run(fixture.Train(TestData.HfCase("blip_vqa"), "ln", Path.Combine(fixture.Folder.Path, "no-vocab")));

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("vocab.txt", result.Error);
    }
}
