using System.Text.Json;

namespace MedPeft.Tests.Cli;

/// <summary>
/// <c>medpeft bench-methods</c> runs and reports every field; timings are not checked (a benchmark is
/// not a test), counts and sizes are, against hand counts of the tiny BLIP model.
/// </summary>
public class BenchMethodsCommandTests
{
    // tiny-blip: width 32; vision 2 layers, text encoder and decoder 2 layers each (each with cross-attention).
    const long Width = 32;
    // LayerNorms: vision 2 x 2 + post = 5; text encoder embeddings + 2 x 3 = 7; decoder 7 + the LM head's transform = 8.
    const long LayerNormParameters = (5 + 7 + 8) * 2 * Width;

    [Fact]
    public void TinyBlipReportsEveryMethodWithEveryField()
    {
        var result = CliRunner.Run("bench-methods", "--config", "tiny-blip", "--steps", "1", "--warmup", "0", "--rounds", "1", "--json");

        Assert.True(result.ExitCode == 0, result.Error);
        using var json = JsonDocument.Parse(result.Output);
        var root = json.RootElement;
        Assert.Equal("BlipForQuestionAnswering", root.GetProperty("architecture").GetString());
        Assert.Equal("batch 4, question 20 tokens, answer 8 tokens, image 32", root.GetProperty("batch").GetString());
        Assert.False(root.GetProperty("gradient_checkpointing").GetBoolean());
        var methods = root.GetProperty("methods").EnumerateArray().ToList();
        Assert.Equal(new[] { "full", "ln", "lora", "full@text-encoder:decoder", "attn", "ffn" }, methods.Select(m => m.GetProperty("method").GetString()));
        foreach (var m in methods)
        {
            long trainable = m.GetProperty("trainable_parameters").GetInt64();
            Assert.True(trainable > 0);
            Assert.Equal(100.0 * trainable / m.GetProperty("total_parameters").GetInt64(), m.GetProperty("trainable_percent").GetDouble(), 9);
            // AdamW keeps two float32 moments per trainable parameter.
            Assert.Equal(2 * 4 * trainable, m.GetProperty("optimizer_state_bytes").GetInt64());
            Assert.True(m.GetProperty("peak_rss_bytes").GetInt64() > 0);
            foreach (var name in new[] { "step_seconds", "forward_seconds", "backward_seconds", "optimizer_seconds" })
            {
                var spread = m.GetProperty(name);
                Assert.True(spread.GetProperty("min").GetDouble() <= spread.GetProperty("median").GetDouble());
                Assert.True(spread.GetProperty("median").GetDouble() <= spread.GetProperty("max").GetDouble());
            }
            Assert.Single(m.GetProperty("step_times").EnumerateArray());
            Assert.True(m.GetProperty("step_ratio_to_full").GetDouble() > 0);
            Assert.True(m.GetProperty("peak_ratio_to_full").GetDouble() > 0);
            // The anchor measured BLIP-base, not this model.
            Assert.Equal(JsonValueKind.Null, m.GetProperty("anchor").ValueKind);
            Assert.Equal(JsonValueKind.Null, m.GetProperty("step_ratio_to_anchor").ValueKind);
        }
        var full = methods[0];
        Assert.Equal(1.0, full.GetProperty("step_ratio_to_full").GetDouble());
        Assert.Equal(full.GetProperty("total_parameters").GetInt64(), full.GetProperty("trainable_parameters").GetInt64());
        Assert.Equal(LayerNormParameters, methods[1].GetProperty("trainable_parameters").GetInt64());
        Assert.Equal("ln@vision:text-encoder:decoder", methods[1].GetProperty("plan").GetString());
        Assert.Equal("lora@text-encoder:decoder", methods[2].GetProperty("plan").GetString());
    }

    [Fact]
    public void GradientCheckpointingReachesEveryMeasuringProcess()
    {
        // Each process reports whether its steps were checkpointed; bench-methods refuses a run that differs from what it asked.
        var result = CliRunner.Run("bench-methods", "--config", "tiny-blip", "--steps", "1", "--warmup", "0", "--rounds", "1", "--json", "--grad-checkpointing");

        Assert.True(result.ExitCode == 0, result.Error);
        using var json = JsonDocument.Parse(result.Output);
        Assert.True(json.RootElement.GetProperty("gradient_checkpointing").GetBoolean());
        Assert.Equal(6, json.RootElement.GetProperty("methods").GetArrayLength());
    }

    [Theory]
    [InlineData("--methods", "frozen")]
    [InlineData("--methods", "lora@projector")]
    [InlineData("--methods", "no-such-method")]
    [InlineData("--steps", "0")]
    [InlineData("--rounds", "0")]
    [InlineData("--warmup", "-1")]
    public void BadOptionsFailBeforeAnythingRuns(string option, string value)
    {
        var result = CliRunner.Run("bench-methods", "--config", "tiny-blip", option, value);

        Assert.Equal(2, result.ExitCode);
        Assert.StartsWith("error: ", result.Error);
        Assert.Equal("", result.Output);
    }

    [Theory]
    [InlineData("--config", "no-such-model", "not a built-in model")]
    [InlineData("--model", "/no/such/folder", "no such folder")]
    public void ModelsWithoutABenchmarkAreRefused(string option, string value, string message)
    {
        var result = CliRunner.Run("bench-methods", option, value);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains(message, result.Error);
    }

    [Fact]
    public void ModelAndConfigTogetherAreRefused()
    {
        var result = CliRunner.Run("bench-methods", "--config", "tiny-blip", "--model", TestData.HfCase("blip_vqa"));

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("either --model <dir> or --config <name>", result.Error);
    }

    [Theory]
    [InlineData("tiny-blip", "ln@vision:text-encoder:decoder")]
    [InlineData("tiny-llava", "ln@llm")]
    public void OnlyMeasuresJustTheMethodsNamed(string config, string plan)
    {
        var result = CliRunner.Run("bench-methods", "--config", config, "--methods", "ln", "--only", "--steps", "1", "--warmup", "0", "--rounds", "1", "--json");

        Assert.True(result.ExitCode == 0, result.Error);
        using var json = JsonDocument.Parse(result.Output);
        var method = Assert.Single(json.RootElement.GetProperty("methods").EnumerateArray());
        Assert.Equal("ln", method.GetProperty("method").GetString());
        Assert.Equal(plan, method.GetProperty("plan").GetString());
        // Without full among the methods there is nothing to take a ratio to.
        Assert.Equal(JsonValueKind.Null, method.GetProperty("step_ratio_to_full").ValueKind);
        Assert.Equal(JsonValueKind.Null, method.GetProperty("peak_ratio_to_full").ValueKind);
    }

    [Fact]
    public void AMeasuredRowCarriesThePlansPeakForTheBatchItRanOn()
    {
        var bench = CliRunner.Run("bench-methods", "--config", "tiny-llava", "--methods", "ln", "--only", "--steps", "1", "--warmup", "0", "--rounds", "1", "--json");
        // The batch bench-methods describes for tiny-llava: 2 rows of 64 text tokens (and the image's), planned by `plan` itself.
        var plan = CliRunner.Run("plan", "--config", "tiny-llava", "--method", "ln", "--batch-size", "2", "--seq-len", "64", "--json");

        Assert.True(bench.ExitCode == 0, bench.Error);
        Assert.True(plan.ExitCode == 0, plan.Error);
        using var benchJson = JsonDocument.Parse(bench.Output);
        using var planJson = JsonDocument.Parse(plan.Output);
        var method = Assert.Single(benchJson.RootElement.GetProperty("methods").EnumerateArray());
        Assert.Equal(planJson.RootElement.GetProperty("peak_bytes").GetInt64(), method.GetProperty("planned_peak_bytes").GetInt64());
        Assert.True(method.GetProperty("peak_rss_bytes").GetInt64() > 0);
    }

    [Fact]
    public void MethodsWhosePlanDoesNotFitAreRefusedRowsWithTheirPredictedPeakAndNoProcess()
    {
        // LLaVA's default methods are full, ln and lora; none fits in 1 MiB, less than the process itself.
        var result = CliRunner.Run("bench-methods", "--config", "tiny-llava", "--device-memory", "1MiB", "--steps", "1", "--warmup", "0", "--rounds", "1", "--json");

        Assert.True(result.ExitCode == 0, result.Error);
        using var json = JsonDocument.Parse(result.Output);
        var methods = json.RootElement.GetProperty("methods").EnumerateArray().ToList();
        Assert.Equal(new[] { "full", "ln", "lora" }, methods.Select(m => m.GetProperty("method").GetString()));
        foreach (var m in methods)
        {
            Assert.True(m.GetProperty("refused").GetBoolean());
            Assert.Equal(1L << 20, m.GetProperty("memory_bytes").GetInt64());
            Assert.True(m.GetProperty("peak_bytes").GetInt64() > MedPeft.Planning.MemoryPlanner.ProcessBaseline);
            Assert.False(m.TryGetProperty("peak_rss_bytes", out _));
        }
        // Each refusal is one line on the error stream, in the words train and compare refuse with; no round ran.
        Assert.Equal(3, result.Error.Split('\n').Count(line => line.Contains("refused: ") && line.Contains("more than the 1.00 MiB of memory (--device-memory)")));
        Assert.DoesNotContain("round 1/1", result.Error);
    }

    [Fact]
    public void TheTableShowsARefusedMethodsPredictedPeakAgainstTheMemoryAndWhy()
    {
        var result = CliRunner.Run("bench-methods", "--config", "tiny-llava", "--methods", "ln", "--only", "--device-memory", "1MiB");

        Assert.True(result.ExitCode == 0, result.Error);
        Assert.Matches(@"\n  ln\s+refused\s+[0-9.]+ > 0\.00 \(plan\)", result.Output);
        Assert.Contains("ln refused, not run: ln@llm with batch 2 is predicted to peak at", result.Output);
    }

    [Fact]
    public void ForceRunsAMethodWhosePlanDoesNotFit()
    {
        var result = CliRunner.Run("bench-methods", "--config", "tiny-llava", "--methods", "ln", "--only", "--device-memory", "1MiB", "--force",
            "--steps", "1", "--warmup", "0", "--rounds", "1", "--json");

        Assert.True(result.ExitCode == 0, result.Error);
        using var json = JsonDocument.Parse(result.Output);
        var method = Assert.Single(json.RootElement.GetProperty("methods").EnumerateArray());
        Assert.False(method.GetProperty("refused").GetBoolean());
        Assert.True(method.GetProperty("peak_rss_bytes").GetInt64() > 0);
    }

    [Fact]
    public void OnlyWithoutMethodsIsRefused()
    {
        var result = CliRunner.Run("bench-methods", "--config", "tiny-blip", "--only");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("--methods names no method", result.Error);
        Assert.Equal("", result.Output);
    }
}
