using MedPeft.Parity;

namespace MedPeft.Tests.Parity;

/// <summary>Every case of the HF reference fixtures (models, a PEFT LoRA adapter, norm-only training) is reproduced to float32 noise.</summary>
public class ModelParityTests
{
    [Theory]
    [InlineData("clip_vision", 7)]
    [InlineData("bert", 9)]
    [InlineData("llama", 7)]
    [InlineData("llava", 14)]
    [InlineData("llava_med_original", 15)]
    [InlineData("blip_vqa", 15)]
    [InlineData("llama_lora", 10)]
    [InlineData("llama_train_norm", 22)]
    public void MatchesTheTransformersReference(string caseName, int outputs)
    {
        var report = ParityRunner.Run(TestData.HfCase(caseName), 1e-4);

        Assert.True(report.Passed, string.Join("\n", report.Comparisons.Where(c => !c.Passed).Select(c => $"{c.Name}: {c.MaxAbsError} {c.Note}")));
        Assert.Equal(outputs, report.Comparisons.Count);
        Assert.Empty(report.NotProduced);
        // The README of the fixtures expects a correct float32 port within ~1e-5.
        Assert.True(report.MaxError < 1e-5, $"largest error {report.MaxError}");
    }

    [Fact]
    public void CommandExitsZeroAndPrintsEveryError()
    {
        var result = CliRunner.Run("parity", TestData.HfCase("llava"), "--tol", "1e-4");

        Assert.Equal(0, result.ExitCode);
        Assert.Contains("logits", result.Output);
        Assert.Contains("merged_position_ids", result.Output);
        Assert.Contains("PASS", result.Output);
    }

    [Fact]
    public void CommandExitsOneWhenAnOutputIsOutOfTolerance()
    {
        var result = CliRunner.Run("parity", TestData.HfCase("llama"), "--tol", "1e-9");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("FAIL", result.Output);
    }
}
