using MedPeft.IO;

namespace MedPeft.Tests.Training;

/// <summary>Asserts that two runs ended with the same weights and optimizer state, tensor by tensor, bit for bit.</summary>
public static class SameTensors
{
    public static void InFiles(string fileA, string fileB)
    {
        var a = SafeTensorsFile.Open(fileA).ReadAll();
        var b = SafeTensorsFile.Open(fileB).ReadAll();
        Assert.Equal(a.Keys.OrderBy(k => k), b.Keys.OrderBy(k => k));
        foreach (var (name, tensor) in a) Assert.True(tensor.eq(b[name]).all().item<bool>(), $"{Path.GetFileName(fileA)}: '{name}' differs");
    }

    /// <summary>The last checkpoints of two run folders: adapter and optimizer.</summary>
    public static void InLastCheckpoints(string runA, string runB)
    {
        foreach (var file in new[] { "adapter_model.safetensors", "optimizer.safetensors" })
            InFiles(Path.Combine(runA, "checkpoints", "last", file), Path.Combine(runB, "checkpoints", "last", file));
    }
}
