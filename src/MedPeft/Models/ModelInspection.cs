using TorchSharp;
using static TorchSharp.torch;

namespace MedPeft.Models;

/// <summary>A component's parameter count.</summary>
internal sealed record ComponentSize(string Name, string Prefix, long Parameters);

/// <summary>What <c>medpeft inspect</c> reports about a model.</summary>
internal sealed record ModelSummary(string ModelType, string Architecture, IReadOnlyDictionary<string, object> Sizes,
    IReadOnlyList<ComponentSize> Components, long TotalParameters);

internal static class ModelInspection
{
    /// <summary>Counts parameters per component; a tied tensor counts once, under its first name.</summary>
    public static ModelSummary Summarize(IHfModel model)
    {
        var parameters = model.Module.named_parameters().ToList();
        var components = model.Components
            .Select(c => new ComponentSize(c.Name, c.Prefix, parameters.Where(p => p.name.StartsWith(c.Prefix, StringComparison.Ordinal)).Sum(p => p.parameter.numel())))
            .ToList();
        return new ModelSummary(model.ModelType, model.Architecture, model.Sizes, components, parameters.Sum(p => p.parameter.numel()));
    }
}
