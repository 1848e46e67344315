namespace MedPeft.Models.BuiltIn;

/// <summary>
/// The built-in base model, <c>medpeft-base</c>: a BLIP-family Med-VLM assembled from real pretrained
/// weights (<see cref="BaseModelAssembly"/>) and adapted by a short vision–language pretraining stage.
/// Built once per user into the cache by the base model builder (the Recipes layer); loading it never builds it.
/// </summary>
internal static class BaseModel
{
    public const string Name = "medpeft-base";

    /// <summary>The file that marks a complete model folder: the recipe it was built from.</summary>
    public const string RecipeFile = "recipe.json";

    /// <summary>Where the model of <paramref name="recipe"/> is cached.</summary>
    public static string Folder(BaseModelRecipe recipe) => MedPeftCache.Folder("models", $"{Name}-{recipe.CacheKey()}");

    /// <summary>True when the model of <paramref name="recipe"/> is built and cached.</summary>
    public static bool IsBuilt(BaseModelRecipe recipe) => File.Exists(Path.Combine(Folder(recipe), RecipeFile));
}
