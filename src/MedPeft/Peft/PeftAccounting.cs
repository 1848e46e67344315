namespace MedPeft.Peft;

/// <summary>Trainable and total parameters of one component.</summary>
internal sealed record ComponentAccount(string Name, long Trainable, long Total)
{
    public double Percent => Total == 0 ? 0 : 100.0 * Trainable / Total;
}

/// <summary>
/// The cost of a plan in parameters. Totals include what the methods add (as HF PEFT's
/// <c>print_trainable_parameters</c> counts); <see cref="Inert"/> counts trainable parameters that
/// cannot affect the output (they never get a gradient).
/// </summary>
internal sealed record PeftAccount(IReadOnlyList<ComponentAccount> Components, long Trainable, long Total, long Inert)
{
    public double Percent => Total == 0 ? 0 : 100.0 * Trainable / Total;

    public static PeftAccount Of(PeftModel peft)
    {
        var all = peft.Model.Module.named_parameters().Select(p => (p.name, p.parameter.requires_grad, Count: p.parameter.numel())).ToList();
        var inert = peft.Model.InertParameters;
        var components = peft.Model.Components.Select(c =>
        {
            var mine = all.Where(p => p.name.StartsWith(c.Prefix, StringComparison.Ordinal)).ToList();
            return new ComponentAccount(c.Name, mine.Where(p => p.requires_grad).Sum(p => p.Count), mine.Sum(p => p.Count));
        }).ToList();
        return new PeftAccount(components, all.Where(p => p.requires_grad).Sum(p => p.Count), all.Sum(p => p.Count),
            all.Where(p => p.requires_grad && inert.Contains(p.name)).Sum(p => p.Count));
    }
}
