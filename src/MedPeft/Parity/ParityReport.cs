namespace MedPeft.Parity;

/// <summary>One reference tensor compared with what MedPeft computed.</summary>
internal sealed record ParityComparison(string Name, double MaxAbsError, bool Passed, string? Note = null);

/// <summary>
/// The outcome of a parity case: every comparison, the main outputs the reference has but that were
/// not compared, and the reference outputs MedPeft does not produce. It passes only when every
/// comparison is within tolerance and every main output was compared.
/// </summary>
internal sealed record ParityReport(string Case, string Kind, double Tolerance, IReadOnlyList<ParityComparison> Comparisons,
    IReadOnlyList<string> MissingMainOutputs, IReadOnlyList<string> NotProduced)
{
    public bool Passed => Comparisons.Count > 0 && Comparisons.All(c => c.Passed) && MissingMainOutputs.Count == 0;
    public double MaxError => Comparisons.Count == 0 ? double.NaN : Comparisons.Max(c => c.MaxAbsError);

    /// <summary>This report with <paramref name="other"/>'s comparisons added, their names prefixed with <paramref name="prefix"/>.</summary>
    public ParityReport Including(string prefix, ParityReport other) => this with
    {
        Comparisons = [.. Comparisons, .. other.Comparisons.Select(c => c with { Name = prefix + c.Name })],
        MissingMainOutputs = [.. MissingMainOutputs, .. other.MissingMainOutputs.Select(n => prefix + n)],
        NotProduced = [.. NotProduced, .. other.NotProduced.Select(n => prefix + n)],
    };
}
