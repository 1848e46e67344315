using MedPeft.Models;

namespace MedPeft.Planning;

/// <summary>
/// A model's structure on the meta device, looked at and let go at once. TorchSharp builds an embedding on the CPU and
/// then moves it to the meta device, and the CPU weight lives until the garbage collector finalizes it: 0.5 GB for a 7B
/// model's 32,000 x 4,096 token embeddings (measured: 0.52 GB more resident per structure, back to the baseline after a
/// collection). A process that plans several runs (bench-methods' parent, which stays resident while each method's process
/// runs) would otherwise keep that per structure.
/// </summary>
internal static class ModelStructure
{
    /// <summary>What <paramref name="inspect"/> reads from the structure of <paramref name="model"/>, the structure freed before it returns.</summary>
    public static T Inspect<T>(string model, Func<IHfModel, T> inspect)
    {
        T result;
        using (var structure = ModelSource.LoadStructure(model)) result = inspect(structure);
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        return result;
    }
}
