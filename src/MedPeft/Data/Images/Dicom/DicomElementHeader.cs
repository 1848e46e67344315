namespace MedPeft.Data.Images.Dicom;

/// <summary>The header of one data element: tag, VR (null when implicit or for items) and value length.</summary>
readonly record struct DicomElementHeader(uint Tag, string? Vr, uint Length)
{
    public const uint UndefinedLength = 0xFFFF_FFFF;

    /// <summary>Explicit VRs whose length field is 4 bytes after 2 reserved bytes (PS3.5 7.1.2).</summary>
    static readonly HashSet<string> LongLengthVrs = ["OB", "OD", "OF", "OL", "OV", "OW", "SQ", "SV", "UC", "UN", "UR", "UT", "UV"];

    public bool HasUndefinedLength => Length == UndefinedLength;

    /// <summary>Reads the header after the tag; item and delimitation tags carry no VR in any syntax.</summary>
    public static DicomElementHeader Read(DicomStreamReader reader, uint tag, bool explicitVr)
    {
        if (tag >> 16 == 0xFFFE || !explicitVr) return new(tag, null, reader.UInt32("an element length"));
        var vr = reader.Ascii(2, "a value representation");
        if (!LongLengthVrs.Contains(vr)) return new(tag, vr, reader.UInt16("an element length"));
        reader.Skip(2, "an element header");
        return new(tag, vr, reader.UInt32("an element length"));
    }

    /// <summary>Whether two bytes spell a VR: two upper-case letters (how an explicit-VR dataset is recognised).</summary>
    public static bool LooksLikeVr(byte first, byte second) => first is >= (byte)'A' and <= (byte)'Z' && second is >= (byte)'A' and <= (byte)'Z';
}
