namespace MedPeft.Data.Images.Dicom;

/// <summary>The DICOM VOI window (WindowCenter/WindowWidth), mapping modality values onto 0–255.</summary>
static class VoiWindow
{
    /// <summary>The windowed values, or null when the file has no window or an unusable one.</summary>
    public static float[]? TryApply(double[] values, DicomAttributes a)
    {
        if (a.WindowCenter is not double center || a.WindowWidth is not double width) return null;
        Func<double, double>? map = a.VoiLutFunction switch
        {
            // PS3.3 C.11.2.1.2.1: the centre and width are shifted by half a value and one value.
            "LINEAR" when width >= 1 => Linear(center - 0.5, width - 1),
            "LINEAR_EXACT" when width > 0 => Linear(center, width),
            "SIGMOID" when width > 0 => x => 255.0 / (1 + Math.Exp(-4 * (x - center) / width)),
            _ => null,
        };
        return map is null ? null : values.Select(v => (float)map(v)).ToArray();
    }

    static Func<double, double> Linear(double center, double width) => x =>
        x <= center - width / 2 ? 0
        : x > center + width / 2 ? 255
        : ((x - center) / width + 0.5) * 255;
}
