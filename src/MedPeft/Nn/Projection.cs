namespace MedPeft.Nn;

/// <summary>Builds <see cref="AttentionProjection"/> entries.</summary>
internal static class Projection
{
    public static AttentionProjection Of(ProjectionRole role, AdaptableLinear linear) => new(new HashSet<ProjectionRole> { role }, linear);

    public static AttentionProjection Fused(AdaptableLinear linear, params ProjectionRole[] roles) => new(roles.ToHashSet(), linear);
}
