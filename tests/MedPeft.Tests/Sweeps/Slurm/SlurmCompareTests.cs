using System.Text.Json.Nodes;
using MedPeft.Sweeps;
using MedPeft.Tests.Training;
using static MedPeft.Tests.Cli.SweepCommandTests;

namespace MedPeft.Tests.Sweeps.Slurm;

/// <summary>
/// <c>compare --launcher slurm</c> on a real Slurm cluster (<c>.ci/slurm-up</c> starts one on this machine): submitted
/// without waiting, it returns with its work in its in-progress folder; the same command then follows the array and
/// writes the report, whose rows and adapters are those of the same comparison trained here. Cells compute with one
/// thread, so that the two CPUs of a small machine run two tasks at once.
/// </summary>
[Trait("Category", "Slurm")]
public sealed class SlurmCompareTests(TrainingRunFixture fixture) : IClassFixture<TrainingRunFixture>
{
    [SlurmFact]
    public void ACompareOnSlurmGivesTheRowsAndAdaptersOfTheSameCompareRunHere()
    {
        using var folder = new TemporaryFolder();
        var (slurm, local) = (folder.File("on slurm"), folder.File("local"));
        string[] Compare(string output, params string[] more) =>
            ["compare", "--model", fixture.Blip, "--data", fixture.Data, "--format", "builtin-synthetic", "--methods", "ln,lora", "--steps", "4", "--threads", "1", "--out", output, .. more];

        var submitted = Succeeds(Compare(slurm, "--launcher", "slurm", "--max-running", "2", "--no-wait"));
        Assert.Contains("submitted 2 cells as Slurm job array ", submitted.Output);
        Assert.Contains("the same command again waits for them and writes the report", submitted.Output);
        Assert.False(Directory.Exists(slurm), "no report before the cells are trained");
        Assert.True(Directory.Exists(slurm + ComparisonSweep.InProgressSuffix));

        var waited = Succeeds(Compare(slurm, "--launcher", "slurm", "--max-running", "2"));
        Assert.DoesNotContain("cells as Slurm job array", waited.Output);
        Assert.Contains("results: ", waited.Output);
        Succeeds(Compare(local));

        var (onSlurm, here) = (Rows(slurm), Rows(local));
        Assert.Equal(["zero-shot", "majority", "ln", "lora"], onSlurm.Keys);
        foreach (var (name, row) in here)
            foreach (var field in new[] { "scores", "intervals", "differences", "seeds", "validation_curve", "trainable_parameters", "steps" })
                Assert.True(JsonNode.DeepEquals(row[field], onSlurm[name][field]), $"{name}: {field} differs");
        foreach (var method in new[] { "ln", "lora" })
        {
            var adapter = Path.Combine("runs", method, "checkpoints", "best", "adapter_model.safetensors");
            Assert.Equal(File.ReadAllBytes(Path.Combine(local, adapter)), File.ReadAllBytes(Path.Combine(slurm, adapter)));
        }
    }

    static Dictionary<string, JsonObject> Rows(string results) =>
        JsonNode.Parse(File.ReadAllText(Path.Combine(results, "results.json")))!["rows"]!.AsArray().Select(r => r!.AsObject()).ToDictionary(r => r["name"]!.GetValue<string>());
}
