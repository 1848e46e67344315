using System.Text.Json.Nodes;
using MedPeft.Runs;
using MedPeft.Training;

namespace MedPeft.Tests.Training;

/// <summary>
/// <c>--grad-checkpointing</c> is a setting of the run: written into run.json, kept by <c>--resume</c>,
/// read as false from a run.json written before it existed; and it trains what a run without it trains.
/// </summary>
public class GradientCheckpointingRunTests(TrainingRunFixture fixture) : IClassFixture<TrainingRunFixture>
{
    string[] Arguments(string output, params string[] more) => fixture.LoraAndLayerNorm(output, 8, ["--save-every", "1", .. more]);

    static bool Written(string run) =>
        JsonNode.Parse(File.ReadAllText(Path.Combine(run, RunSpec.FileName)))!["training"]!["gradient_checkpointing"]!.GetValue<bool>();

    [Fact]
    public void TheFlagIsWrittenIntoRunJsonAndAResumedRunKeepsIt()
    {
        string straight = Path.Combine(fixture.Folder.Path, "ckpt-straight"), interrupted = Path.Combine(fixture.Folder.Path, "ckpt-interrupted");
        var (code, output, error) = TrainingRunFixture.RunToEnd(Arguments(straight, "--grad-checkpointing"));
        Assert.True(code == 0, error);
        Assert.True(Written(straight));
        Assert.Contains("gradient checkpointing", output);

        var killedAt = TrainingRunFixture.KillAfterCheckpoint(Arguments(interrupted, "--grad-checkpointing"), interrupted, 2);
        Assert.InRange(killedAt, 2, 7);
        var resumed = TrainingRunFixture.RunToEnd("train", "--resume", "--out", interrupted);

        Assert.True(resumed.ExitCode == 0, resumed.Error);
        Assert.Contains($"resuming {interrupted} at step {killedAt}", resumed.Output);
        Assert.Contains("gradient checkpointing", resumed.Output);
        Assert.True(Written(interrupted));
        // With checkpointing too, a resumed run ends bit for bit where an uninterrupted one does.
        SameTensors.InLastCheckpoints(straight, interrupted);
    }

    [Fact]
    public void ARunWithCheckpointingTrainsAsOneWithout()
    {
        string with = Path.Combine(fixture.Folder.Path, "ckpt-with"), without = Path.Combine(fixture.Folder.Path, "ckpt-without");
        var checkpointed = TrainingRunFixture.RunToEnd(Arguments(with, "--grad-checkpointing"));
        var plain = TrainingRunFixture.RunToEnd(Arguments(without));
        Assert.True(checkpointed.ExitCode == 0, checkpointed.Error);
        Assert.True(plain.ExitCode == 0, plain.Error);

        Assert.False(Written(without));
        var (a, b) = (TrainingRunFixture.Losses(with), TrainingRunFixture.Losses(without));
        Assert.Equal(8, a.Count);
        // The first loss is bit-identical; later ones follow updates from gradients that may differ in
        // float32 rounding (see BlockCheckpointTests), so they agree to 1e-5 relative.
        Assert.Equal(b[0], a[0]);
        for (int i = 1; i < a.Count; i++) Assert.True(Math.Abs(a[i] - b[i]) <= 1e-5 * Math.Abs(b[i]), $"step {i + 1}: {a[i]} against {b[i]}");
    }

    [Fact]
    public void ARunJsonWrittenBeforeTheSettingExistedReadsItAsFalse()
    {
        var old = TestData.Path("adapters-v1", "run", RunSpec.FileName);
        Assert.DoesNotContain("gradient_checkpointing", File.ReadAllText(old));

        Assert.False(RunSpec.Read(old).Training.GradientCheckpointing);
    }
}
