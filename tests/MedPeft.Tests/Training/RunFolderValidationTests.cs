using System.Text.Json.Nodes;
using MedPeft.IO;
using MedPeft.Runs;
using MedPeft.Training;
using TorchSharp;
using TorchSharp.Modules;
using AdamW = MedPeft.Training.AdamW;

namespace MedPeft.Tests.Training;

/// <summary>
/// The files a run folder is continued from (<c>run.json</c>, a checkpoint's <c>trainer_state.json</c> and
/// <c>optimizer.safetensors</c>, <c>metrics.jsonl</c>) are checked when read, naming the file and the field; before,
/// each of these was accepted and failed later, or ended in an exception that named nothing.
/// </summary>
public class RunFolderValidationTests : IDisposable
{
    readonly TemporaryFolder folder = new();

    public void Dispose() => folder.Dispose();

    string RunJson(Action<JsonObject> change)
    {
        var json = JsonNode.Parse(File.ReadAllText(TestData.Path("adapters-v1", "run", RunSpec.FileName)))!.AsObject();
        change(json);
        var path = folder.File(RunSpec.FileName);
        File.WriteAllText(path, json.ToJsonString());
        return path;
    }

    public static readonly TheoryData<string, Action<JsonObject>, string> DamagedRunDescriptions = new()
    {
        // Read as null, found only when the run started.
        { "model", json => json.Remove("model"), "'model'" },
        { "training", json => json.Remove("training"), "'training'" },
        // Read as task 0, a VQA run, however damaged.
        { "task", json => json.Remove("task"), "'task'" },
        { "task", json => json["task"] = 5, "$.task" },
        // A division by zero in the progress lines of a run whose output is not a terminal.
        { "training.log_every", json => json["training"]!["log_every"] = 0, "field 'training.log_every' must be at least 1 (got 0)" },
        { "training.learning_rate", json => json["training"]!["learning_rate"] = -1, "field 'training.learning_rate' must be a positive number (got -1)" },
        { "peft.lora_rank", json => json["peft"]!["lora_rank"] = 0, "field 'peft.lora_rank' must be at least 1 (got 0)" },
        { "method", json => json["method"] = "", "field 'method' is empty" },
        { "training.gradient_checkpointing", json => json["training"]!["gradient_checkpointing"] = "yes", "$.training.gradient_checkpointing" },
        { "training.gradient_checkpointing", json => json["training"]!["gradient_checkpointing"] = null, "$.training.gradient_checkpointing" },
    };

    [Theory]
    [MemberData(nameof(DamagedRunDescriptions))]
    public void ADamagedRunDescriptionIsRefusedNamingTheField(string field, Action<JsonObject> change, string expected)
    {
        var path = RunJson(change);

        var error = Assert.Throws<MedPeftException>(() => RunSpec.Read(path));

        Assert.StartsWith(path, error.Message);
        Assert.True(error.Message.Contains(expected), $"{field}: {error.Message}");
    }

    [Theory]
    [InlineData("""{"step": -1, "best_metric": null, "best_step": null, "evaluations_without_improvement": 0, "training_seconds": 0, "finished": false}""", "field 'step' is -1")]
    [InlineData("""{"step": 4, "best_metric": 0.5, "best_step": 9, "evaluations_without_improvement": 0, "training_seconds": 0, "finished": false}""", "field 'best_step' is 9")]
    [InlineData("""{"step": 4, "best_metric": null, "best_step": null, "evaluations_without_improvement": -2, "training_seconds": 0, "finished": false}""", "field 'evaluations_without_improvement' is -2")]
    [InlineData("""{"step": 4, "best_metric": null, "best_step": null, "evaluations_without_improvement": 0, "finished": false}""", "training_seconds")]
    public void ADamagedTrainerStateIsRefusedNamingTheField(string json, string expected)
    {
        File.WriteAllText(folder.File("trainer_state.json"), json);

        var error = Assert.Throws<MedPeftException>(() => CheckpointStore.ReadState(folder.Path));

        Assert.StartsWith(folder.File("trainer_state.json"), error.Message);
        Assert.Contains(expected, error.Message);
    }

    /// <summary>A moment of another shape or dtype than its parameter reached LibTorch's fused AdamW kernel at the next step.</summary>
    [Theory]
    [InlineData(new long[] { 3 }, torch.ScalarType.Float32)]
    [InlineData(new long[] { 4 }, torch.ScalarType.Float16)]
    public void AnOptimizerMomentThatDoesNotFitItsParameterIsRefused(long[] shape, torch.ScalarType dtype)
    {
        using var scope = torch.NewDisposeScope();
        using var optimizer = new AdamW([("w", new Parameter(torch.zeros(4)))], new AdamW.Settings(1e-3));
        var path = folder.File("optimizer.safetensors");
        SafeTensorsWriter.Save(path, new Dictionary<string, torch.Tensor> { ["exp_avg.w"] = torch.zeros(4), ["exp_avg_sq.w"] = torch.zeros(shape, dtype) });

        var error = Assert.Throws<MedPeftException>(() => CheckpointStore.RestoreOptimizer(folder.Path, optimizer, step: 3));

        Assert.StartsWith($"{path}: tensor 'exp_avg_sq.w' is {dtype} [{string.Join(", ", shape)}]; the parameter is Float32 [4]", error.Message);
    }

    /// <summary>Fuzz case 19004 (RunFilesFuzzTests: the step replaced by [-1,2]) ended in InvalidOperationException.</summary>
    [Theory]
    [InlineData("[-1,2]")]
    [InlineData("\"2\"")]
    [InlineData("2.5")]
    public void AMetricsEntryWhoseStepIsNotAnIntegerIsRefusedNamingTheLine(string step)
    {
        var path = folder.File("metrics.jsonl");
        File.WriteAllText(path, $"{{\"type\": \"train\", \"step\": 1, \"loss\": 2.5}}\n{{\"type\": \"train\", \"step\": {step}, \"loss\": 2.4}}\n");

        var error = Assert.Throws<MedPeftException>(() => new MetricsLog(path).TruncateAfter(1));

        Assert.Equal($"{path} line 2: field 'step' is {step}; expected an integer.", error.Message);
    }

    [Fact]
    public void TruncatingKeepsTheStepsUpToTheCheckpointAndDropsACutLine()
    {
        var path = folder.File("metrics.jsonl");
        File.WriteAllText(path, "{\"step\": 1}\n{\"type\": \"summary\"}\n{\"step\": 2}\n{\"step\": 3}\n{\"st");

        new MetricsLog(path).TruncateAfter(2);

        Assert.Equal("{\"step\": 1}\n{\"step\": 2}\n", File.ReadAllText(path));
    }
}
