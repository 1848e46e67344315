using MedPeft.Models.BuiltIn;
using MedPeft.Recipes;

namespace MedPeft.Cli;

/// <summary>
/// The step every command that takes a model runs first: when the model is <c>medpeft-base</c> and it
/// is not cached yet, build it now, with its progress on the command's output (minutes, once per user).
/// </summary>
internal static class BaseModelStep
{
    public static void EnsureBuilt(string model, TextWriter output)
    {
        if (model == BaseModel.Name) BaseModelBuilder.Ensure(new BaseModelRecipe(), output);
    }
}
