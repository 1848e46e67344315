namespace MedPeft.Peft;

/// <summary>One method applied to some components (null: the method's default scope for the model).</summary>
internal sealed record PlanItem(string Method, IReadOnlyList<string>? Components)
{
    public override string ToString() => Components is null ? Method : $"{Method}@{string.Join(":", Components)}";
}

/// <summary>
/// What trains: one or more methods, each on a scope. Written as <c>method[@component[:component...]]</c>
/// joined by <c>+</c>, e.g. <c>ln</c>, <c>ln+attn</c>, <c>lora@llm+ln@vision</c>, <c>ln@vision:llm</c>.
/// </summary>
internal sealed record PeftPlan(IReadOnlyList<PlanItem> Items)
{
    public override string ToString() => string.Join("+", Items);

    /// <param name="defaultScope">Components (comma-separated) for the items that name none; null = each method's default.</param>
    public static PeftPlan Parse(string text, string? defaultScope = null)
    {
        if (string.IsNullOrWhiteSpace(text)) throw new MedPeftException("--method is empty; expected e.g. 'ln', 'lora', 'ln+attn' or 'lora@llm+ln@vision'.");
        var scope = defaultScope is null ? null : SplitComponents(defaultScope, ',', "--scope");
        var items = new List<PlanItem>();
        foreach (var part in text.Split('+'))
        {
            var pieces = part.Trim().Split('@');
            var method = pieces[0].Trim().ToLowerInvariant();
            if (!MethodCatalog.Names.Contains(method))
                throw new MedPeftException($"--method: unknown method '{pieces[0].Trim()}'; expected one of {string.Join(", ", MethodCatalog.Names)} (combine with '+', e.g. ln+attn).");
            if (pieces.Length > 2) throw new MedPeftException($"--method: '{part}' has more than one '@'; write method@component[:component...].");
            items.Add(new PlanItem(method, pieces.Length == 2 ? SplitComponents(pieces[1], ':', $"--method '{part}'") : scope));
        }
        return new PeftPlan(items);
    }

    static List<string> SplitComponents(string text, char separator, string where)
    {
        var names = text.Split(separator).Select(c => c.Trim().ToLowerInvariant()).ToList();
        if (names.Any(n => n.Length == 0)) throw new MedPeftException($"{where}: empty component name in '{text}'.");
        foreach (var name in names)
            if (!ComponentNames.Known.Contains(name))
                throw new MedPeftException($"{where}: unknown component '{name}'; expected {string.Join(", ", ComponentNames.Known)}.");
        return names;
    }
}

/// <summary>The component names a scope may use; <c>decoder</c> and <c>llm</c> are the same part.</summary>
internal static class ComponentNames
{
    public const string All = "all";
    public static readonly IReadOnlyList<string> Known = new[] { "vision", "projector", "text-encoder", "decoder", "llm", All };

    /// <summary>True when a scope name selects a model component (<c>decoder</c> and <c>llm</c> are synonyms).</summary>
    public static bool Matches(string scopeName, string componentName) =>
        scopeName == componentName || (IsDecoder(scopeName) && IsDecoder(componentName));

    static bool IsDecoder(string name) => name is "decoder" or "llm";
}
