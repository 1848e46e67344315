using System.Buffers.Binary;

namespace MedPeft.Data.Images.Dicom;

/// <summary>Turns one frame of native pixel data into stored sample values, channel-major (CHW).</summary>
static class DicomPixelDecoder
{
    /// <summary>
    /// Each sample is read as BitsAllocated bits in the dataset's byte order; its BitsStored bits
    /// ending at HighBit are kept (other bits may hold overlays or garbage) and sign-extended when
    /// PixelRepresentation is 1. Planar configuration 0 interleaves samples per pixel, 1 stores planes.
    /// </summary>
    public static double[] Decode(byte[] bytes, DicomAttributes a, bool littleEndian)
    {
        int pixels = a.Rows * a.Columns, samples = a.SamplesPerPixel, bytesPerSample = a.BitsAllocated / 8;
        int shift = a.HighBit + 1 - a.BitsStored;
        ulong mask = (1UL << a.BitsStored) - 1;
        ulong signBit = 1UL << (a.BitsStored - 1);
        var output = new double[pixels * samples];
        for (int s = 0; s < samples; s++)
        {
            for (int p = 0; p < pixels; p++)
            {
                int sampleIndex = a.PlanarConfiguration == 1 ? s * pixels + p : p * samples + s;
                var span = bytes.AsSpan(sampleIndex * bytesPerSample, bytesPerSample);
                ulong raw = bytesPerSample switch
                {
                    1 => span[0],
                    2 => littleEndian ? BinaryPrimitives.ReadUInt16LittleEndian(span) : BinaryPrimitives.ReadUInt16BigEndian(span),
                    _ => littleEndian ? BinaryPrimitives.ReadUInt32LittleEndian(span) : BinaryPrimitives.ReadUInt32BigEndian(span),
                };
                ulong value = (raw >> shift) & mask;
                output[s * pixels + p] = a.Signed && (value & signBit) != 0 ? (long)value - (long)(mask + 1) : value;
            }
        }
        return output;
    }
}
