using MedPeft.Nn;
using TorchSharp.Modules;

namespace MedPeft.Peft.Intrinsic;

/// <summary>
/// The methods that train a subset of the model's own parameters: <c>ln</c>, <c>ffn</c>, <c>attn</c>,
/// <c>bitfit</c> and <c>full</c>. Each returns the parameters to unfreeze.
/// </summary>
internal static class IntrinsicMethods
{
    public static bool Handles(string method) => method is "ln" or "ffn" or "attn" or "bitfit" or "full";

    public static IEnumerable<(string Name, Parameter Parameter)> Select(string method, ComponentModules modules, PeftOptions options) => method switch
    {
        "ln" => modules.Norms.SelectMany(n => modules.OwnParameters(n.Module)),
        "ffn" => modules.FeedForward.SelectMany(f => f.Linears).SelectMany(l => modules.OwnParameters(l)),
        "attn" => Attention(modules, options),
        "bitfit" => modules.Parameters.Where(p => p.Name.EndsWith(".bias", StringComparison.Ordinal) || p.Name == "bias"),
        "full" => modules.Parameters,
        _ => throw new ArgumentOutOfRangeException(nameof(method)),
    };

    static IEnumerable<(string Name, Parameter Parameter)> Attention(ComponentModules modules, PeftOptions options)
    {
        var roles = options.AttentionProjections.Select(PeftOptions.Role).ToHashSet();
        foreach (var projection in modules.Projections(options.AttentionKinds, roles))
        {
            if (!projection.Roles.IsSubsetOf(roles))
                throw new MedPeftException(
                    $"attn: '{modules.NameOf(projection.Linear)}' computes {string.Join(", ", projection.Roles.Select(RoleName))} in one fused projection; " +
                    $"--attn-projections must select all of them or none for the {modules.Component.Name} component.");
            foreach (var parameter in modules.OwnParameters(projection.Linear)) yield return parameter;
        }
    }

    static string RoleName(ProjectionRole role) => PeftOptions.RoleNames[(int)role];
}
