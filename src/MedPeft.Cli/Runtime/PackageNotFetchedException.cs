namespace MedPeft.Cli.Runtime;

/// <summary>No package source gave the package; <see cref="Answers"/> has one line per source.</summary>
internal sealed class PackageNotFetchedException(IReadOnlyList<string> answers)
    : Exception(string.Join("; ", answers))
{
    public IReadOnlyList<string> Answers => answers;
}
