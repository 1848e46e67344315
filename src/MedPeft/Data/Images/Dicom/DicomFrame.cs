namespace MedPeft.Data.Images.Dicom;

/// <summary>
/// One decoded frame of a DICOM image: its attributes and stored sample values (channel-major),
/// before any rescale or windowing.
/// </summary>
internal sealed record DicomFrame(string Path, DicomAttributes Attributes, DicomTransferSyntax TransferSyntax, int FrameIndex, double[] Stored)
{
    /// <summary>Modality values (e.g. Hounsfield units): stored x RescaleSlope + RescaleIntercept.</summary>
    public double[] ModalityValues()
    {
        var a = Attributes;
        return Stored.Select(v => v * a.RescaleSlope + a.RescaleIntercept).ToArray();
    }

    /// <summary>
    /// The frame as an image on the 0–255 scale. Grayscale: the modality values through the first VOI
    /// window (PS3.3 C.11.2.1.2: LINEAR, LINEAR_EXACT or SIGMOID), or their min–max range when the file
    /// has no usable window; MONOCHROME1 is inverted so that bright means dense in every file. RGB: the
    /// stored values scaled from BitsStored bits.
    /// </summary>
    public FloatImage ToImage()
    {
        var a = Attributes;
        if (!a.IsMonochrome)
        {
            double scale = 255.0 / (Math.Pow(2, a.BitsStored) - 1);
            return new FloatImage(3, a.Rows, a.Columns, Stored.Select(v => (float)(v * scale)).ToArray());
        }
        var modality = ModalityValues();
        var display = VoiWindow.TryApply(modality, a) ?? IntensityWindow.MinMax(modality);
        if (a.Photometric == "MONOCHROME1")
            for (int i = 0; i < display.Length; i++) display[i] = 255f - display[i];
        return new FloatImage(1, a.Rows, a.Columns, display);
    }
}
