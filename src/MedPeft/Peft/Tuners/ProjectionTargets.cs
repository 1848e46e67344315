using MedPeft.Nn;

namespace MedPeft.Peft.Tuners;

/// <summary>The linear layers a list of targets names in a component: attention roles (of the selected kinds) and <c>ffn</c>.</summary>
internal static class ProjectionTargets
{
    /// <param name="feedForwardInput">
    /// <c>ffn</c> names the feed-forward output projection, flagged as such (IA3 rescales its input);
    /// otherwise every feed-forward linear.
    /// </param>
    public static List<(AdaptableLinear Linear, bool FeedForward)> Find(TunerTarget target, string tuner, IReadOnlyList<AttentionKind> kinds,
        IReadOnlyList<string> targets, bool feedForwardInput)
    {
        var modules = target.Modules;
        var roles = targets.Where(t => t != ProjectionRoles.FeedForward).Select(ProjectionRoles.Role).ToHashSet();
        var found = modules.Projections(kinds, roles).Select(p => (p.Linear, false)).ToList();
        if (targets.Contains(ProjectionRoles.FeedForward))
            found.AddRange(feedForwardInput
                ? modules.FeedForward.Select(f => (f.OutputProjection, true))
                : modules.FeedForward.SelectMany(f => f.Linears).Select(l => (l, false)));
        var distinct = found.DistinctBy(f => f.Item1, ReferenceEqualityComparer.Instance).ToList();
        target.RequireSome(distinct.Count, tuner, $"projections matching {string.Join(",", targets)}");
        return distinct;
    }
}
