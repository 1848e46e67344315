namespace MedPeft.Data.BuiltIn.Real;

/// <summary>A real image source: a file in a Debian package, with the licence its copyright file states.</summary>
/// <param name="Package">The Debian package that installs it.</param>
/// <param name="RelativePaths">Where the package installs the files, relative to the file-system root.</param>
internal sealed record RealSource(string Name, string Package, string Licence, IReadOnlyList<string> RelativePaths);
