using System.Text.Json;

namespace MedPeft.Tests.Cli;

/// <summary><c>medpeft plan</c>: its JSON fields, the verdict against a given memory, and bad options.</summary>
public class PlanCommandTests
{
    static readonly string[] Parts = ["weights_bytes", "trainable_bytes", "gradients_bytes", "optimizer_bytes", "activations_bytes", "workspace_bytes"];

    static JsonElement PlanJson(params string[] more)
    {
        var result = CliRunner.Run(["plan", "--config", "tiny-blip", "--json", .. more]);
        Assert.True(result.ExitCode == 0, result.Error);
        return JsonDocument.Parse(result.Output).RootElement.Clone();
    }

    [Fact]
    public void JsonHasThePeakItsPartsAndTheVerdict()
    {
        var json = PlanJson("--method", "full", "--batch-size", "3", "--device-memory", "24GiB");

        var parts = json.GetProperty("parts");
        Assert.Equal(Parts, parts.EnumerateObject().Select(p => p.Name));
        Assert.Equal(Parts.Sum(p => parts.GetProperty(p).GetInt64()), json.GetProperty("peak_bytes").GetInt64());
        // full trains every parameter: nothing frozen; AdamW's two float32 moments per parameter.
        long total = json.GetProperty("total_parameters").GetInt64();
        Assert.Equal(total, json.GetProperty("trainable_parameters").GetInt64());
        Assert.Equal(0, parts.GetProperty("weights_bytes").GetInt64());
        Assert.Equal(2 * 4 * total, parts.GetProperty("optimizer_bytes").GetInt64());
        Assert.Equal(24L << 30, json.GetProperty("device_memory_bytes").GetInt64());
        Assert.True(json.GetProperty("fits").GetBoolean());
        Assert.Equal(JsonValueKind.Null, json.GetProperty("cheapest_change").ValueKind);
        Assert.Equal("full@vision:text-encoder:decoder", json.GetProperty("plan").GetString());
        Assert.Equal(3, json.GetProperty("batch_size").GetInt32());
        Assert.Equal("vision 17, text-encoder 35, decoder 12", json.GetProperty("tokens").GetString());
        Assert.True(json.GetProperty("flops_per_step").GetDouble() > 0);
        Assert.False(json.GetProperty("predicted_not_measured").GetBoolean());
    }

    [Fact]
    public void ARunLargerThanTheMemoryDoesNotFit()
    {
        var json = PlanJson("--method", "ln", "--device-memory", "1MiB");

        Assert.False(json.GetProperty("fits").GetBoolean());
        Assert.True(json.GetProperty("peak_bytes").GetInt64() > 1 << 20);
        Assert.Equal(JsonValueKind.Null, json.GetProperty("cheapest_change").ValueKind);
    }

    [Fact]
    public void TheTextNamesTheCheapestChange()
    {
        string[] run = ["--method", "ln", "--batch-size", "64", "--precision", "bf16"];
        long memory = PlanJson([.. run, "--grad-checkpointing"]).GetProperty("peak_bytes").GetInt64();

        var result = CliRunner.Run(["plan", "--config", "tiny-blip", .. run, "--device-memory", $"{memory}"]);

        Assert.True(result.ExitCode == 0, result.Error);
        Assert.False(PlanJson(run).GetProperty("predicted_not_measured").GetBoolean());
        Assert.Contains("does not fit", result.Output);
        Assert.Contains("the cheapest change that fits: --grad-checkpointing", result.Output);
    }

    [Theory]
    [InlineData("--device-memory", "lots")]
    [InlineData("--precision", "fp8")]
    [InlineData("--batch-size", "0")]
    [InlineData("--method", "no-such-method")]
    public void BadOptionsAreRefusedNamingTheOption(string option, string value)
    {
        var result = CliRunner.Run("plan", "--config", "tiny-blip", option, value);

        Assert.Equal(2, result.ExitCode);
        Assert.StartsWith("error: ", result.Error);
        Assert.Contains(option, result.Error);
    }
}
