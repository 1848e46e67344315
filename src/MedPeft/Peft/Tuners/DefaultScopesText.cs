namespace MedPeft.Peft.Tuners;

/// <summary>The default scopes of a registry's tuners per model family, in words, for help texts.</summary>
internal static class DefaultScopesText
{
    /// <summary>E.g. "Default scopes: BLIP — ln, ffn: all components; prompt: text-encoder. LLaVA — ... Components outside the scope are frozen."</summary>
    public static string Of(TunerRegistry registry)
    {
        var training = registry.Tuners.Where(t => t.Needs is not null).ToList();
        var families = TunerScope.Families.Select(f => $"{f.Family} — " + string.Join("; ",
            training.GroupBy(t => t.DefaultScope(f.ModelType).ToString()).Select(g => $"{string.Join(", ", g.Select(t => t.Name))}: {g.Key}")));
        return $"Default scopes: {string.Join(". ", families)}. Components outside the scope are frozen.";
    }
}
