using MedPeft.Models;

namespace MedPeft.Planning;

/// <summary>A model's structure on the meta device (no weights), looked at and let go at once.</summary>
internal static class ModelStructure
{
    /// <summary>What <paramref name="inspect"/> reads from the structure of <paramref name="model"/>, the structure freed before it returns.</summary>
    public static T Inspect<T>(string model, Func<IHfModel, T> inspect)
    {
        T result;
        using (var structure = ModelSource.LoadStructure(model)) result = inspect(structure);
        return result;
    }
}
