using MedPeft.Nn;

namespace MedPeft.Peft.Tuners;

/// <summary>Attention projection roles by the names settings use (q, k, v, o), and the check of a list of targets.</summary>
internal static class ProjectionRoles
{
    public static readonly IReadOnlyList<string> Names = ["q", "k", "v", "o"];

    /// <summary>The target that names every feed-forward linear.</summary>
    public const string FeedForward = "ffn";

    public static ProjectionRole Role(string name) => name switch
    {
        "q" => ProjectionRole.Query, "k" => ProjectionRole.Key, "v" => ProjectionRole.Value, "o" => ProjectionRole.Output,
        _ => throw new ArgumentOutOfRangeException(nameof(name)),
    };

    public static string Name(ProjectionRole role) => Names[(int)role];

    /// <summary>A non-empty list of q, k, v, o (and <c>ffn</c> when allowed).</summary>
    public static void CheckTargets(string setting, IReadOnlyList<string> targets, bool allowFfn)
    {
        Setting.Require(targets.Count > 0, setting, "is empty");
        var known = allowFfn ? Names.Append(FeedForward).ToList() : Names;
        foreach (var target in targets)
            Setting.Require(known.Contains(target), setting, $"has an unknown target '{target}'; expected {string.Join(", ", known)}");
    }
}
