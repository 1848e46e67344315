using System.Buffers.Binary;
using System.Text;

namespace MedPeft.Data.Images.Nifti;

/// <summary>The fields of a NIfTI-1 header (348 bytes) that locate and scale the voxels.</summary>
sealed record NiftiHeader(bool LittleEndian, int[] Dimensions, NiftiDataType DataType, long VoxelOffset, double Slope, double Intercept, bool SingleFile)
{
    public const int Size = 348;

    public int SizeX => Dimensions[0];
    public int SizeY => Dimensions[1];
    public int SizeZ => Dimensions[2];

    /// <summary>
    /// Parses a header; the byte order is the one in which <c>sizeof_hdr</c> reads 348. Dimensions
    /// beyond the third (time, components) select the first volume.
    /// </summary>
    public static NiftiHeader Parse(byte[] bytes, string path)
    {
        bool littleEndian = BinaryPrimitives.ReadInt32LittleEndian(bytes) == Size;
        if (!littleEndian && BinaryPrimitives.ReadInt32BigEndian(bytes) != Size)
        {
            int size = BinaryPrimitives.ReadInt32LittleEndian(bytes);
            throw new MedPeftException(size == 540 || BinaryPrimitives.ReadInt32BigEndian(bytes) == 540
                ? $"{path}: a NIfTI-2 header; only NIfTI-1 is supported."
                : $"{path}: not a NIfTI-1 file (sizeof_hdr is not 348).");
        }
        short Short(int offset) => littleEndian ? BinaryPrimitives.ReadInt16LittleEndian(bytes.AsSpan(offset)) : BinaryPrimitives.ReadInt16BigEndian(bytes.AsSpan(offset));
        float Float(int offset) => littleEndian ? BinaryPrimitives.ReadSingleLittleEndian(bytes.AsSpan(offset)) : BinaryPrimitives.ReadSingleBigEndian(bytes.AsSpan(offset));

        var magic = Encoding.ASCII.GetString(bytes, 344, 3);
        if (magic is not ("n+1" or "ni1"))
            throw new MedPeftException($"{path}: the header has no NIfTI-1 magic ('n+1' or 'ni1'); Analyze 7.5 files are not supported.");
        int rank = Short(40);
        if (rank is < 1 or > 7) throw new MedPeftException($"{path}: dim[0] is {rank}, expected 1 to 7 dimensions.");
        var dims = new int[3];
        for (int d = 0; d < 3; d++)
        {
            dims[d] = d < rank ? Short(42 + 2 * d) : 1;
            if (dims[d] < 1) throw new MedPeftException($"{path}: dim[{d + 1}] is {dims[d]}, expected a positive size.");
        }
        var type = NiftiDataType.FromCode(Short(70), path);
        double slope = Float(112), intercept = Float(116);
        // NIfTI-1: a zero (or non-finite) scl_slope means the values are not scaled.
        if (slope == 0 || !double.IsFinite(slope)) (slope, intercept) = (1, 0);
        if (!double.IsFinite(intercept)) intercept = 0;
        double offset = Float(108);
        bool single = magic == "n+1";
        if (single && offset < Size) offset = Size + 4;
        return new NiftiHeader(littleEndian, dims, type, (long)offset, slope, intercept, single);
    }
}
