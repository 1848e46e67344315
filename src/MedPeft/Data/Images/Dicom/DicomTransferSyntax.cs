namespace MedPeft.Data.Images.Dicom;

/// <summary>
/// How a DICOM dataset is encoded: VR explicit or implicit, byte order, deflate, and whether the pixel
/// data is compressed (encapsulated). Only native (uncompressed) pixel data is decoded here.
/// </summary>
internal sealed record DicomTransferSyntax(string Uid, string Name, bool ExplicitVr, bool LittleEndian, bool Deflated, bool Compressed)
{
    public static readonly DicomTransferSyntax ImplicitLittleEndian = new("1.2.840.10008.1.2", "Implicit VR Little Endian", false, true, false, false);
    public static readonly DicomTransferSyntax ExplicitLittleEndian = new("1.2.840.10008.1.2.1", "Explicit VR Little Endian", true, true, false, false);
    public static readonly DicomTransferSyntax DeflatedExplicitLittleEndian = new("1.2.840.10008.1.2.1.99", "Deflated Explicit VR Little Endian", true, true, true, false);
    public static readonly DicomTransferSyntax ExplicitBigEndian = new("1.2.840.10008.1.2.2", "Explicit VR Big Endian", true, false, false, false);

    static readonly Dictionary<string, DicomTransferSyntax> Known = new DicomTransferSyntax[]
    {
        ImplicitLittleEndian, ExplicitLittleEndian, DeflatedExplicitLittleEndian, ExplicitBigEndian,
        Encapsulated("1.2.840.10008.1.2.4.50", "JPEG Baseline (Process 1)"),
        Encapsulated("1.2.840.10008.1.2.4.51", "JPEG Extended (Process 2 and 4)"),
        Encapsulated("1.2.840.10008.1.2.4.57", "JPEG Lossless, Non-Hierarchical (Process 14)"),
        Encapsulated("1.2.840.10008.1.2.4.70", "JPEG Lossless, Non-Hierarchical, First-Order Prediction (Process 14 [Selection Value 1])"),
        Encapsulated("1.2.840.10008.1.2.4.80", "JPEG-LS Lossless Image Compression"),
        Encapsulated("1.2.840.10008.1.2.4.81", "JPEG-LS Lossy (Near-Lossless) Image Compression"),
        Encapsulated("1.2.840.10008.1.2.4.90", "JPEG 2000 Image Compression (Lossless Only)"),
        Encapsulated("1.2.840.10008.1.2.4.91", "JPEG 2000 Image Compression"),
        Encapsulated("1.2.840.10008.1.2.4.92", "JPEG 2000 Part 2 Multi-component Image Compression (Lossless Only)"),
        Encapsulated("1.2.840.10008.1.2.4.93", "JPEG 2000 Part 2 Multi-component Image Compression"),
        Encapsulated("1.2.840.10008.1.2.4.100", "MPEG2 Main Profile / Main Level"),
        Encapsulated("1.2.840.10008.1.2.4.101", "MPEG2 Main Profile / High Level"),
        Encapsulated("1.2.840.10008.1.2.4.102", "MPEG-4 AVC/H.264 High Profile / Level 4.1"),
        Encapsulated("1.2.840.10008.1.2.4.103", "MPEG-4 AVC/H.264 BD-compatible High Profile / Level 4.1"),
        Encapsulated("1.2.840.10008.1.2.4.201", "High-Throughput JPEG 2000 Image Compression (Lossless Only)"),
        Encapsulated("1.2.840.10008.1.2.4.202", "High-Throughput JPEG 2000 with RPCL Options Image Compression (Lossless Only)"),
        Encapsulated("1.2.840.10008.1.2.4.203", "High-Throughput JPEG 2000 Image Compression"),
        Encapsulated("1.2.840.10008.1.2.5", "RLE Lossless"),
    }.ToDictionary(s => s.Uid);

    static DicomTransferSyntax Encapsulated(string uid, string name) => new(uid, name, true, true, false, true);

    /// <summary>
    /// The syntax of a UID. An unknown UID is taken as compressed (explicit VR little endian
    /// around encapsulated pixel data), which every transfer syntax defined after the first four is.
    /// </summary>
    public static DicomTransferSyntax FromUid(string uid) =>
        Known.TryGetValue(uid, out var syntax) ? syntax : new DicomTransferSyntax(uid, "unknown transfer syntax", true, true, false, true);
}
