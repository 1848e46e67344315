namespace MedPeft.Tests.Evaluation.Metrics.WordNet;

/// <summary>
/// A fact that needs the original WordNet 3.0 database (<see cref="Folder"/>): the folder named by
/// <c>MEDPEFT_WORDNET_FULL</c>, else Debian's wordnet-base where it is installed; elsewhere it is reported as skipped with the reason.
/// </summary>
public sealed class FullWordNetFactAttribute : FactAttribute
{
    public const string EnvironmentVariable = "MEDPEFT_WORDNET_FULL";

    public FullWordNetFactAttribute()
    {
        if (Folder is null)
            Skip = $"the original WordNet 3.0 is not here: set {EnvironmentVariable} to its folder or install Debian's wordnet-base";
    }

    /// <summary>The folder of the original database, or null when there is none.</summary>
    public static string? Folder =>
        Environment.GetEnvironmentVariable(EnvironmentVariable) is { Length: > 0 } named ? named
        : Directory.Exists("/usr/share/wordnet") ? "/usr/share/wordnet"
        : null;
}
