using MedPeft.IO;
using MedPeft.Training;

namespace MedPeft.Tests.Training;

/// <summary>A run killed with SIGKILL and resumed ends with the same weights as an uninterrupted run.</summary>
public class ResumeTests(TrainingRunFixture fixture) : IClassFixture<TrainingRunFixture>
{
    // LoRA (dropout 0.1) + LayerNorm, with augmentation: every source of randomness is exercised.
    string[] Arguments(string output) => fixture.Train(fixture.Blip, "lora+ln", output,
        "--max-steps", "12", "--batch-size", "4", "--lr", "1e-3", "--save-every", "1", "--eval-every", "5");

    static void AssertSameTensors(string fileA, string fileB)
    {
        var a = SafeTensorsFile.Open(fileA).ReadAll();
        var b = SafeTensorsFile.Open(fileB).ReadAll();
        Assert.Equal(a.Keys.OrderBy(k => k), b.Keys.OrderBy(k => k));
        foreach (var (name, tensor) in a) Assert.True(tensor.eq(b[name]).all().item<bool>(), $"{Path.GetFileName(fileA)}: '{name}' differs");
    }

    [Fact]
    public void KilledAndResumedEqualsUninterrupted()
    {
        var straight = Path.Combine(fixture.Folder.Path, "straight");
        var interrupted = Path.Combine(fixture.Folder.Path, "interrupted");
        var (code, _, error) = TrainingRunFixture.RunToEnd(Arguments(straight));
        Assert.True(code == 0, error);

        int killAfter = new Random().Next(2, 10);
        using (var process = TrainingRunFixture.Start(Arguments(interrupted)))
        {
            var store = new CheckpointStore(interrupted);
            while (!process.HasExited)
            {
                var last = store.Find(CheckpointStore.Last);
                if (last is not null && File.Exists(Path.Combine(last, "trainer_state.json")) && CheckpointStore.ReadState(last).Step >= killAfter) break;
                Thread.Sleep(20);
            }
            Assert.False(process.HasExited, "the run finished before it could be killed");
            process.Kill(entireProcessTree: true);
            process.WaitForExit();
        }
        var killedAt = CheckpointStore.ReadState(new CheckpointStore(interrupted).Find(CheckpointStore.Last)!).Step;
        Assert.InRange(killedAt, killAfter, 11);

        var resumed = TrainingRunFixture.RunToEnd("train", "--resume", "--out", interrupted);
        Assert.True(resumed.ExitCode == 0, resumed.Error);
        Assert.Contains($"resuming {interrupted} at step {killedAt}", resumed.Output);

        var lastA = Path.Combine(straight, "checkpoints", "last");
        var lastB = Path.Combine(interrupted, "checkpoints", "last");
        AssertSameTensors(Path.Combine(lastA, "adapter_model.safetensors"), Path.Combine(lastB, "adapter_model.safetensors"));
        AssertSameTensors(Path.Combine(lastA, "optimizer.safetensors"), Path.Combine(lastB, "optimizer.safetensors"));
        Assert.Equal(12, CheckpointStore.ReadState(lastB).Step);
    }

    [Fact]
    public void ResumeOfAFolderWithoutARunIsRefused()
    {
        var result = CliRunner.Run("train", "--resume", "--out", Path.Combine(fixture.Folder.Path, "nothing-here"));

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("run.json", result.Error);
    }

    [Fact]
    public void StartingIntoAnUsedFolderIsRefused()
    {
        var used = Path.Combine(fixture.Folder.Path, "used");
        Directory.CreateDirectory(used);
        File.WriteAllText(Path.Combine(used, "something.txt"), "x");

        var result = CliRunner.Run(Arguments(used));

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("--resume", result.Error);
    }
}
