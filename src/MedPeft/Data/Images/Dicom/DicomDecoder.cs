namespace MedPeft.Data.Images.Dicom;

/// <summary>Decodes uncompressed DICOM images (see <see cref="DicomFrame"/> for the value mapping).</summary>
internal static class DicomDecoder
{
    /// <summary>Reads frame <paramref name="frame"/> (default: the middle one) with its stored values.</summary>
    public static DicomFrame ReadFrame(string path, int? frame = null) => DicomFileReader.ReadFrame(path, frame);

    /// <summary>Reads a frame as an image on the 0–255 scale.</summary>
    public static FloatImage Decode(string path, int? frame = null) => ReadFrame(path, frame).ToImage();

    /// <summary>Whether a file is DICOM by content: a Part 10 file, or a raw dataset starting with a plausible element.</summary>
    public static bool LooksLikeDicom(string path) => DicomFileReader.LooksLikeDicom(path);
}
