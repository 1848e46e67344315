namespace MedPeft.Data.Images.Dicom;

/// <summary>The tags (group &lt;&lt; 16 | element) the image decoder reads; every other element is skipped.</summary>
static class DicomTags
{
    public const uint TransferSyntaxUid = 0x0002_0010;
    public const uint SamplesPerPixel = 0x0028_0002;
    public const uint PhotometricInterpretation = 0x0028_0004;
    public const uint PlanarConfiguration = 0x0028_0006;
    public const uint NumberOfFrames = 0x0028_0008;
    public const uint Rows = 0x0028_0010;
    public const uint Columns = 0x0028_0011;
    public const uint BitsAllocated = 0x0028_0100;
    public const uint BitsStored = 0x0028_0101;
    public const uint HighBit = 0x0028_0102;
    public const uint PixelRepresentation = 0x0028_0103;
    public const uint WindowCenter = 0x0028_1050;
    public const uint WindowWidth = 0x0028_1051;
    public const uint RescaleIntercept = 0x0028_1052;
    public const uint RescaleSlope = 0x0028_1053;
    public const uint VoiLutFunction = 0x0028_1056;
    public const uint FloatPixelData = 0x7FE0_0008;
    public const uint DoubleFloatPixelData = 0x7FE0_0009;
    public const uint PixelData = 0x7FE0_0010;
    public const uint Item = 0xFFFE_E000;
    public const uint ItemDelimitation = 0xFFFE_E00D;
    public const uint SequenceDelimitation = 0xFFFE_E0DD;

    /// <summary>Top-level attributes whose values the decoder keeps.</summary>
    public static readonly HashSet<uint> Wanted =
    [
        SamplesPerPixel, PhotometricInterpretation, PlanarConfiguration, NumberOfFrames, Rows, Columns,
        BitsAllocated, BitsStored, HighBit, PixelRepresentation, WindowCenter, WindowWidth,
        RescaleIntercept, RescaleSlope, VoiLutFunction,
    ];

    /// <summary>Tags stored as binary unsigned shorts (US); the others kept are text (IS, DS, CS).</summary>
    public static readonly HashSet<uint> UnsignedShort =
        [SamplesPerPixel, PlanarConfiguration, Rows, Columns, BitsAllocated, BitsStored, HighBit, PixelRepresentation];

    public static string Format(uint tag) => $"({tag >> 16:X4},{tag & 0xFFFF:X4})";
}
