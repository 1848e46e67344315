namespace MedPeft.Data.BuiltIn.Real;

/// <summary>
/// The real scans <c>builtin-real</c> is made from, where their Debian packages put them (relative to
/// the root they are installed or extracted under), and their licences as read in each package's
/// <c>usr/share/doc/&lt;package&gt;/copyright</c>.
/// </summary>
internal static class RealSources
{
    public static readonly RealSource Colin27 = new(
        "Colin27 T1 MRI brain template (ch2, ch2bet) with the AAL atlas labels",
        "mricron-data",
        "BSD-3-clause (Copyright 2006-2010 Chris Rorden; the package's copyright file covers all its files)",
        ["usr/share/mricron/templates/ch2.nii.gz", "usr/share/mricron/templates/ch2bet.nii.gz",
         "usr/share/mricron/templates/aal.nii.gz", "usr/share/mricron/templates/aal.nii.txt"]);

    public static readonly RealSource Cranium = new(
        "InVesalius example head CT (Cranium.inv3, 'ProMED CT 0051')",
        "invesalius-examples",
        "GPL-2 (Copyright 2008-2021 Centro de Tecnologia da Informacao Renato Archer)",
        ["usr/share/doc/invesalius-examples/examples/Cranium.inv3"]);

    public static readonly IReadOnlyList<RealSource> All = [Colin27, Cranium];

    /// <summary>The folder the source files are looked for under, as a setting.</summary>
    public const string FromSetting = "RealSources.From";

    /// <summary>
    /// The root under which every source file exists: <paramref name="from"/>, a folder the packages were
    /// extracted into with <c>dpkg-deb -x</c> (or <c>/</c> where they are installed). Throws a
    /// <see cref="MissingRealPackagesException"/> naming the packages when files are missing.
    /// </summary>
    public static string Locate(string from)
    {
        var root = Path.GetFullPath(from);
        if (!Directory.Exists(root)) throw new InvalidSettingException(FromSetting, $"{root} is not a folder");
        var missing = All.Where(source => !source.RelativePaths.All(path => File.Exists(Path.Combine(root, path)))).ToList();
        if (missing.Count > 0) throw new MissingRealPackagesException(root, missing);
        return root;
    }

    public static string PathOf(string root, RealSource source, int index) => Path.Combine(root, source.RelativePaths[index]);
}

/// <summary>The packages builtin-real needs are not installed (or not under the source folder); the message says what to install.</summary>
internal sealed class MissingRealPackagesException(string root, IReadOnlyList<RealSource> missing) : MedPeftException(
    $"builtin-real needs files that are not under {root}: " +
    string.Join("; ", missing.Select(s => $"{string.Join(", ", s.RelativePaths)} (package {s.Package})")) +
    $". Extract the packages (apt-get download {string.Join(" ", missing.Select(s => s.Package).Distinct())}, then dpkg-deb -x each into one folder) " +
    $"and give that folder as {RealSources.FromSetting} (/ where they are installed with apt-get install)")
{
    public IReadOnlyList<string> Packages { get; } = missing.Select(s => s.Package).Distinct().ToList();
}
