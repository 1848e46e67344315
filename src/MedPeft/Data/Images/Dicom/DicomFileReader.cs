using System.IO.Compression;

namespace MedPeft.Data.Images.Dicom;

/// <summary>
/// Reads one frame of native pixel data and the image attributes from a DICOM file: a Part 10 file
/// (128-byte preamble, "DICM", file meta group) or a raw dataset (no preamble), in implicit VR little
/// endian, explicit VR little or big endian, or deflated explicit VR little endian. Elements other
/// than the image attributes are skipped, including sequences of undefined length at any depth; only
/// the chosen frame's bytes are read.
/// </summary>
static class DicomFileReader
{
    const int PreambleLength = 128;

    public static DicomFrame ReadFrame(string path, int? frame)
    {
        if (!File.Exists(path)) throw new MedPeftException($"{path}: file not found (expected a DICOM file).");
        using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
        var syntax = ReadPreambleAndMeta(file, path);
        if (syntax.Compressed)
            throw new MedPeftException(
                $"{path}: the pixel data is compressed with transfer syntax {syntax.Uid} ({syntax.Name}), which is not decoded; " +
                "only uncompressed DICOM is (convert it first, e.g. with dcmtk: dcmdjpeg, dcmdrle or dcmconv +te).");
        Stream data = syntax.Deflated ? new DeflateStream(file, CompressionMode.Decompress, leaveOpen: true) : file;
        using (data == file ? null : data)
        {
            var reader = new DicomStreamReader(data, path, syntax.LittleEndian, file.Position);
            return ReadDataset(reader, path, syntax, frame);
        }
    }

    /// <summary>Whether a file is DICOM: the Part 10 marker, or a file meta group or data element at its start.</summary>
    public static bool LooksLikeDicom(string path)
    {
        using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 4096);
        var head = new byte[PreambleLength + 4];
        int read = file.ReadAtLeast(head, head.Length, throwOnEndOfStream: false);
        if (read == head.Length && head.AsSpan(PreambleLength, 4).SequenceEqual("DICM"u8)) return true;
        file.Position = 0;
        return PeekGroup(file) == 0x0002 || LooksLikeDataset(file);
    }

    /// <summary>Skips the preamble and reads the file meta group if present; leaves the stream at the dataset.</summary>
    static DicomTransferSyntax ReadPreambleAndMeta(FileStream file, string path)
    {
        var head = new byte[PreambleLength + 4];
        int read = file.ReadAtLeast(head, head.Length, throwOnEndOfStream: false);
        bool part10 = read == head.Length && head.AsSpan(PreambleLength, 4).SequenceEqual("DICM"u8);
        file.Position = part10 ? head.Length : 0;
        if (read < 8) throw new MedPeftException($"{path}: {read} bytes is too short for a DICOM file.");

        string? uid = null;
        var meta = new DicomStreamReader(file, path, littleEndian: true, file.Position);
        while (PeekGroup(file) == 0x0002)
        {
            meta.TryReadTag(out var tag);
            var header = DicomElementHeader.Read(meta, tag, explicitVr: true);
            if (header.HasUndefinedLength) throw new MedPeftException($"{path}: file meta element {DicomTags.Format(tag)} has an undefined length (corrupt file).");
            if (tag == DicomTags.TransferSyntaxUid)
                uid = System.Text.Encoding.ASCII.GetString(meta.Bytes(header.Length, "the transfer syntax UID")).Trim(' ', '\0');
            else meta.Skip(header.Length, $"file meta element {DicomTags.Format(tag)}");
        }
        if (uid is not null) return DicomTransferSyntax.FromUid(uid);
        if (!part10 && !LooksLikeDataset(file)) throw new MedPeftException($"{path}: not a DICOM file (no 'DICM' marker and no DICOM data element at its start).");
        return GuessSyntax(file);
    }

    static int PeekGroup(FileStream file)
    {
        Span<byte> two = stackalloc byte[2];
        long at = file.Position;
        int read = file.ReadAtLeast(two, 2, throwOnEndOfStream: false);
        file.Position = at;
        return read < 2 ? -1 : two[0] | two[1] << 8;
    }

    /// <summary>
    /// Without a transfer syntax UID, the first element tells the encoding: two letters after the tag
    /// mean explicit VR; the byte order is the one that makes the group number small (0x0008 rather than 0x0800).
    /// </summary>
    static DicomTransferSyntax GuessSyntax(FileStream file)
    {
        var (littleEndian, explicitVr) = Probe(file);
        if (!explicitVr) return DicomTransferSyntax.ImplicitLittleEndian;
        return littleEndian ? DicomTransferSyntax.ExplicitLittleEndian : DicomTransferSyntax.ExplicitBigEndian;
    }

    static bool LooksLikeDataset(FileStream file)
    {
        var (littleEndian, explicitVr) = Probe(file);
        long at = file.Position;
        Span<byte> head = stackalloc byte[8];
        int read = file.ReadAtLeast(head, 8, throwOnEndOfStream: false);
        file.Position = at;
        if (read < 8) return false;
        int group = littleEndian ? head[0] | head[1] << 8 : head[0] << 8 | head[1];
        // A dataset starts with a low group (0x0008 identifying, 0x0010 patient...) and is either
        // explicit (a VR) or implicit with a plausible even length.
        return group is >= 0x0002 and <= 0x0FFF && (explicitVr || (head[4] & 1) == 0);
    }

    static (bool LittleEndian, bool ExplicitVr) Probe(FileStream file)
    {
        long at = file.Position;
        Span<byte> head = stackalloc byte[6];
        int read = file.ReadAtLeast(head, 6, throwOnEndOfStream: false);
        file.Position = at;
        if (read < 6) return (true, false);
        int little = head[0] | head[1] << 8, big = head[0] << 8 | head[1];
        return (little <= big, DicomElementHeader.LooksLikeVr(head[4], head[5]));
    }

    static DicomFrame ReadDataset(DicomStreamReader reader, string path, DicomTransferSyntax syntax, int? frame)
    {
        var values = new Dictionary<uint, byte[]>();
        while (reader.TryReadTag(out var tag))
        {
            var header = DicomElementHeader.Read(reader, tag, syntax.ExplicitVr);
            if (tag == DicomTags.PixelData)
                return ReadPixelData(reader, path, syntax, header, DicomAttributes.Parse(values, syntax.LittleEndian, path), frame);
            if (tag is DicomTags.FloatPixelData or DicomTags.DoubleFloatPixelData)
                throw new MedPeftException($"{path}: float pixel data {DicomTags.Format(tag)} is not supported (integer Pixel Data (7FE0,0010) is).");
            if (DicomTags.Wanted.Contains(tag) && !header.HasUndefinedLength)
                values[tag] = reader.Bytes(header.Length, $"element {DicomTags.Format(tag)}");
            else SkipValue(reader, header, syntax.ExplicitVr);
        }
        throw new MedPeftException($"{path}: the DICOM dataset has no Pixel Data (7FE0,0010) element (not an image).");
    }

    static DicomFrame ReadPixelData(DicomStreamReader reader, string path, DicomTransferSyntax syntax, DicomElementHeader header, DicomAttributes attributes, int? frame)
    {
        if (header.HasUndefinedLength)
            throw new MedPeftException($"{path}: the pixel data is encapsulated (compressed) although the transfer syntax {syntax.Uid} ({syntax.Name}) is uncompressed (corrupt file).");
        long needed = attributes.FrameBytes * attributes.Frames;
        if (header.Length < needed)
            throw new MedPeftException(
                $"{path}: the pixel data holds {header.Length} bytes but {attributes.Frames} frame(s) of {attributes.Rows}x{attributes.Columns}x{attributes.SamplesPerPixel} " +
                $"samples of {attributes.BitsAllocated} bits need {needed} (truncated or corrupt file).");
        int index = frame ?? attributes.Frames / 2;
        if (index < 0 || index >= attributes.Frames)
            throw new MedPeftException($"{path}: frame {index} was asked for but the file has {attributes.Frames} frame(s) (0 to {attributes.Frames - 1}).");
        reader.Skip(index * attributes.FrameBytes, "the pixel data");
        var bytes = reader.Bytes(attributes.FrameBytes, "the pixel data");
        // Big-endian OW words of 8-bit samples are byte-swapped pairs (PS3.5 A.3): put them back in order.
        if (!syntax.LittleEndian && attributes.BitsAllocated == 8 && header.Vr == "OW")
            for (int i = 0; i + 1 < bytes.Length; i += 2) (bytes[i], bytes[i + 1]) = (bytes[i + 1], bytes[i]);
        var stored = DicomPixelDecoder.Decode(bytes, attributes, syntax.LittleEndian);
        return new DicomFrame(path, attributes, syntax, index, stored);
    }

    static void SkipValue(DicomStreamReader reader, DicomElementHeader header, bool explicitVr)
    {
        if (!header.HasUndefinedLength)
        {
            reader.Skip(header.Length, $"element {DicomTags.Format(header.Tag)}");
            return;
        }
        // Undefined length outside pixel data means a sequence (SQ, or in implicit VR an element of
        // unknown VR). An explicit UN of undefined length holds a sequence in implicit VR little endian (PS3.5 6.2.2).
        if (header.Vr == "UN")
        {
            bool littleEndian = reader.LittleEndian;
            reader.LittleEndian = true;
            SkipSequence(reader, explicitVr: false);
            reader.LittleEndian = littleEndian;
        }
        else SkipSequence(reader, explicitVr);
    }

    static void SkipSequence(DicomStreamReader reader, bool explicitVr)
    {
        while (true)
        {
            if (!reader.TryReadTag(out var tag)) throw reader.Truncated("a sequence of undefined length");
            var header = DicomElementHeader.Read(reader, tag, explicitVr);
            if (tag == DicomTags.SequenceDelimitation) return;
            if (tag != DicomTags.Item) throw reader.Corrupt($"found {DicomTags.Format(tag)} where a sequence item was expected");
            if (header.HasUndefinedLength) SkipItem(reader, explicitVr);
            else reader.Skip(header.Length, "a sequence item");
        }
    }

    static void SkipItem(DicomStreamReader reader, bool explicitVr)
    {
        while (true)
        {
            if (!reader.TryReadTag(out var tag)) throw reader.Truncated("a sequence item of undefined length");
            var header = DicomElementHeader.Read(reader, tag, explicitVr);
            if (tag == DicomTags.ItemDelimitation) return;
            SkipValue(reader, header, explicitVr);
        }
    }
}
