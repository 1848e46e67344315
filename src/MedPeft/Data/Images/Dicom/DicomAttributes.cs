using System.Buffers.Binary;
using System.Globalization;

namespace MedPeft.Data.Images.Dicom;

/// <summary>The image attributes of a DICOM dataset (Image Pixel, Modality LUT and VOI LUT modules).</summary>
internal sealed record DicomAttributes(
    int Rows,
    int Columns,
    int SamplesPerPixel,
    string Photometric,
    int PlanarConfiguration,
    int Frames,
    int BitsAllocated,
    int BitsStored,
    int HighBit,
    bool Signed,
    double RescaleSlope,
    double RescaleIntercept,
    double? WindowCenter,
    double? WindowWidth,
    string VoiLutFunction)
{
    public bool IsMonochrome => Photometric is "MONOCHROME1" or "MONOCHROME2";

    /// <summary>Bytes of one frame of native pixel data.</summary>
    public long FrameBytes => (long)Rows * Columns * SamplesPerPixel * (BitsAllocated / 8);

    /// <summary>
    /// Reads and checks the attributes from the raw values of their elements; what the decoder cannot
    /// handle (1-bit, palette or YCbCr data) is refused with a message naming the file.
    /// </summary>
    internal static DicomAttributes Parse(IReadOnlyDictionary<uint, byte[]> values, bool littleEndian, string path)
    {
        int Required(uint tag, string name) =>
            UShort(values, tag, littleEndian, path) ?? throw new MedPeftException($"{path}: the DICOM attribute {name} {DicomTags.Format(tag)} is missing (not an image?).");

        int rows = Required(DicomTags.Rows, "Rows");
        int columns = Required(DicomTags.Columns, "Columns");
        int bitsAllocated = Required(DicomTags.BitsAllocated, "BitsAllocated");
        int samples = UShort(values, DicomTags.SamplesPerPixel, littleEndian, path) ?? 1;
        int bitsStored = UShort(values, DicomTags.BitsStored, littleEndian, path) ?? bitsAllocated;
        int highBit = UShort(values, DicomTags.HighBit, littleEndian, path) ?? bitsStored - 1;
        var photometric = Text(values, DicomTags.PhotometricInterpretation) ?? (samples == 1 ? "MONOCHROME2" : "RGB");
        var frames = Numbers(values, DicomTags.NumberOfFrames, path).FirstOrDefault(1);

        if (rows == 0 || columns == 0) throw new MedPeftException($"{path}: the image has {rows} rows and {columns} columns.");
        if (bitsAllocated is not (8 or 16 or 32))
            throw new MedPeftException($"{path}: BitsAllocated {bitsAllocated} is not supported (8, 16 or 32 bits per sample are).");
        if (bitsStored < 1 || bitsStored > bitsAllocated || highBit < bitsStored - 1 || highBit >= bitsAllocated)
            throw new MedPeftException($"{path}: BitsStored {bitsStored} / HighBit {highBit} do not fit in BitsAllocated {bitsAllocated}.");
        if (!((samples == 1 && photometric is "MONOCHROME1" or "MONOCHROME2") || (samples == 3 && photometric == "RGB")))
            throw new MedPeftException($"{path}: photometric interpretation '{photometric}' with {samples} samples per pixel is not supported (MONOCHROME1, MONOCHROME2 and RGB are).");
        if (frames < 1 || frames != Math.Floor(frames)) throw new MedPeftException($"{path}: NumberOfFrames '{frames}' is not a positive integer.");

        return new DicomAttributes(
            rows, columns, samples, photometric,
            UShort(values, DicomTags.PlanarConfiguration, littleEndian, path) ?? 0,
            (int)frames, bitsAllocated, bitsStored, highBit,
            (UShort(values, DicomTags.PixelRepresentation, littleEndian, path) ?? 0) == 1,
            Numbers(values, DicomTags.RescaleSlope, path).FirstOrDefault(1),
            Numbers(values, DicomTags.RescaleIntercept, path).FirstOrDefault(0),
            Numbers(values, DicomTags.WindowCenter, path).Cast<double?>().FirstOrDefault(),
            Numbers(values, DicomTags.WindowWidth, path).Cast<double?>().FirstOrDefault(),
            (Text(values, DicomTags.VoiLutFunction) ?? "LINEAR").ToUpperInvariant());
    }

    static int? UShort(IReadOnlyDictionary<uint, byte[]> values, uint tag, bool littleEndian, string path)
    {
        if (!values.TryGetValue(tag, out var bytes) || bytes.Length == 0) return null;
        if (bytes.Length < 2) throw new MedPeftException($"{path}: DICOM attribute {DicomTags.Format(tag)} holds {bytes.Length} byte(s), expected an unsigned short.");
        return littleEndian ? BinaryPrimitives.ReadUInt16LittleEndian(bytes) : BinaryPrimitives.ReadUInt16BigEndian(bytes);
    }

    static string? Text(IReadOnlyDictionary<uint, byte[]> values, uint tag)
    {
        if (!values.TryGetValue(tag, out var bytes)) return null;
        var text = System.Text.Encoding.ASCII.GetString(bytes).Trim(' ', '\0');
        return text.Length == 0 ? null : text;
    }

    /// <summary>The values of a multi-valued decimal or integer string (IS, DS), separated by backslashes.</summary>
    static IEnumerable<double> Numbers(IReadOnlyDictionary<uint, byte[]> values, uint tag, string path)
    {
        var text = Text(values, tag);
        if (text is null) return [];
        return text.Split('\\').Select(part => double.TryParse(part.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out var v)
            ? v
            : throw new MedPeftException($"{path}: DICOM attribute {DicomTags.Format(tag)} holds '{text}', expected numbers."));
    }
}
