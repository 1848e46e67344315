using System.Globalization;
using System.Text.RegularExpressions;
using MedPeft.IO;
using MedPeft.Models;
using MedPeft.Peft;
using MedPeft.Tests.IO;
using MedPeft.Tests.Peft;
using MedPeft.Training;

namespace MedPeft.Tests.Training;

/// <summary>
/// A checkpoint that does not fit on the disk: <c>train</c> exits with code 2 naming the folder and the bytes it
/// needs, the checkpoint before it stays whole and loadable, and <c>--resume</c> then ends where an uninterrupted
/// run does. The full disk is a write failure injected into the atomic writers. The runs train in this process
/// (the injection is this process's), so the class runs alone: LoRA's dropout draws from torch's global generator.
/// </summary>
[Collection(nameof(SeededDrawsCollection))]
public sealed class FullDiskTests(TrainingRunFixture fixture) : IClassFixture<TrainingRunFixture>
{
    string[] Arguments(string output) => fixture.LoraAndLayerNorm(output, 6, "--save-every", "1", "--eval-every", "6");

    [Fact]
    public void ACheckpointOnAFullDiskExitsWithCode2AndTheRunResumesOnceThereIsSpace()
    {
        var straight = Path.Combine(fixture.Folder.Path, "full-disk-straight");
        var stopped = Path.Combine(fixture.Folder.Path, "full-disk-stopped");
        var uninterrupted = CliRunner.Run(Arguments(straight));
        Assert.True(uninterrupted.ExitCode == 0, uninterrupted.Error);

        // The third checkpoint's optimizer file finds the disk full after its first kilobyte.
        var checkpoints = Path.Combine(stopped, "checkpoints");
        int optimizerFiles = 0;
        AtomicFile.WrapStreamForTests = (path, stream) =>
            path.StartsWith(checkpoints + Path.DirectorySeparatorChar, StringComparison.Ordinal) && Path.GetFileName(path) == "optimizer.safetensors" && ++optimizerFiles == 3
                ? new FullDiskStream(stream, room: 1024)
                : stream;
        CliRunner.Result full;
        try
        {
            full = CliRunner.Run(Arguments(stopped));
        }
        finally
        {
            AtomicFile.WrapStreamForTests = null;
        }

        Assert.True(full.ExitCode == 2, $"exit code {full.ExitCode}: {full.Error}");
        Assert.Contains($"error: {checkpoints}: no space left on the device: writing the checkpoint last needs about ", full.Error);
        Assert.Contains($"continue it with: medpeft train --resume --out {stopped}", full.Error);
        var last = Path.Combine(checkpoints, "last");
        long needed = long.Parse(Regex.Match(full.Error, @"needs about ([\d,]+) bytes").Groups[1].Value, NumberStyles.AllowThousands, CultureInfo.InvariantCulture);
        Assert.True(needed >= DiskFullException.BytesIn(last), $"{needed} bytes said, a checkpoint takes {DiskFullException.BytesIn(last)}");

        // The checkpoint of step 2 is whole: no half-written one beside it, its state reads and its adapter loads.
        Assert.Equal(["last"], Directory.GetFileSystemEntries(checkpoints).Select(Path.GetFileName));
        Assert.Equal(2, CheckpointStore.ReadState(last).Step);
        using (var model = HfModelLoader.Load(fixture.Blip))
            Assert.NotEmpty(AdapterFiles.Load(model, last).Trainable);

        var resumed = CliRunner.Run("train", "--resume", "--out", stopped);
        Assert.True(resumed.ExitCode == 0, resumed.Error);
        Assert.Contains($"resuming {stopped} at step 2", resumed.Output);
        SameTensors.InLastCheckpoints(straight, stopped);
    }
}
