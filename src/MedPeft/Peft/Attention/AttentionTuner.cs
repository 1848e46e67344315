using MedPeft.Peft.Tuners;
using TorchSharp.Modules;

namespace MedPeft.Peft.Attention;

/// <summary><c>attn</c>: the chosen projections of the chosen kinds of attention block (self, cross).</summary>
internal sealed class AttentionTuner() : SelectingTuner("attn", "attention tuning: the q/k/v/o projections of self- and/or cross-attention",
    needs: "attention projection of the selected kinds", comparisonLearningRate: 1e-4, typeof(AttentionOptions))
{
    protected override IEnumerable<(string Name, Parameter Parameter)> Select(ComponentModules modules, PeftOptions options)
    {
        var attention = options.Get<AttentionOptions>();
        var roles = attention.Projections.Select(ProjectionRoles.Role).ToHashSet();
        foreach (var projection in modules.Projections(attention.Kinds, roles))
        {
            // A fused projection (BLIP's vision qkv) is one tensor: it trains whole or not at all.
            if (!projection.Roles.IsSubsetOf(roles))
                throw new InvalidSettingException(AttentionOptions.Name(nameof(AttentionOptions.Projections)),
                    $"must select all of {string.Join(", ", projection.Roles.Select(ProjectionRoles.Name))} or none of them for the {modules.Component.Name} component: " +
                    $"'{modules.NameOf(projection.Linear)}' computes them in one fused projection");
            foreach (var parameter in modules.OwnParameters(projection.Linear)) yield return parameter;
        }
    }
}
