namespace MedPeft.Peft.Tuners;

/// <summary>
/// The components a tuner trains when a plan names none: every component of the model (null) or those
/// named, with the reason when it is not what the family's other tuners do.
/// </summary>
internal sealed record TunerScope(IReadOnlyList<string>? Components, string? Reason = null)
{
    public static readonly TunerScope All = new((IReadOnlyList<string>?)null);

    public static TunerScope Of(params string[] components) => new(components);

    /// <summary>
    /// What a family's tuners train unless they say otherwise. BLIP: every component. LLaVA: the language
    /// model (the vision tower and the projector stay frozen). Any other model: every component.
    /// </summary>
    public static TunerScope FamilyDefault(string modelType) => modelType == "llava" ? Of("llm") : All;

    /// <summary>The multi-component families, by model type, with the name help texts give them.</summary>
    public static readonly IReadOnlyList<(string ModelType, string Family)> Families = [("blip", "BLIP"), ("llava", "LLaVA")];

    public IReadOnlyList<string> Resolve(IReadOnlyList<string> modelComponents) => Components ?? modelComponents;

    public override string ToString() =>
        (Components is null ? "all components" : string.Join(" + ", Components)) + (Reason is null ? "" : $" ({Reason})");
}
