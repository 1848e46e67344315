using System.Buffers.Binary;

namespace MedPeft.Data.Images.Nifti;

/// <summary>A NIfTI-1 voxel data type (the header's <c>datatype</c> code) and how to read one voxel.</summary>
sealed record NiftiDataType(short Code, string Name, int Bytes, Func<ReadOnlySpan<byte>, bool, double> Read)
{
    static readonly Dictionary<short, NiftiDataType> Supported = new NiftiDataType[]
    {
        new(2, "uint8", 1, (b, _) => b[0]),
        new(256, "int8", 1, (b, _) => (sbyte)b[0]),
        new(4, "int16", 2, (b, le) => le ? BinaryPrimitives.ReadInt16LittleEndian(b) : BinaryPrimitives.ReadInt16BigEndian(b)),
        new(512, "uint16", 2, (b, le) => le ? BinaryPrimitives.ReadUInt16LittleEndian(b) : BinaryPrimitives.ReadUInt16BigEndian(b)),
        new(8, "int32", 4, (b, le) => le ? BinaryPrimitives.ReadInt32LittleEndian(b) : BinaryPrimitives.ReadInt32BigEndian(b)),
        new(768, "uint32", 4, (b, le) => le ? BinaryPrimitives.ReadUInt32LittleEndian(b) : BinaryPrimitives.ReadUInt32BigEndian(b)),
        new(1024, "int64", 8, (b, le) => le ? BinaryPrimitives.ReadInt64LittleEndian(b) : BinaryPrimitives.ReadInt64BigEndian(b)),
        new(1280, "uint64", 8, (b, le) => le ? BinaryPrimitives.ReadUInt64LittleEndian(b) : BinaryPrimitives.ReadUInt64BigEndian(b)),
        new(16, "float32", 4, (b, le) => le ? BinaryPrimitives.ReadSingleLittleEndian(b) : BinaryPrimitives.ReadSingleBigEndian(b)),
        new(64, "float64", 8, (b, le) => le ? BinaryPrimitives.ReadDoubleLittleEndian(b) : BinaryPrimitives.ReadDoubleBigEndian(b)),
    }.ToDictionary(t => t.Code);

    static readonly Dictionary<short, string> Unsupported = new()
    {
        [1] = "binary", [32] = "complex64", [128] = "RGB24", [1536] = "float128", [1792] = "complex128",
        [2048] = "complex256", [2304] = "RGBA32",
    };

    public static NiftiDataType FromCode(short code, string path) =>
        Supported.TryGetValue(code, out var type) ? type
        : throw new MedPeftException(
            $"{path}: NIfTI datatype {code} ({(Unsupported.TryGetValue(code, out var name) ? name : "unknown")}) is not supported " +
            $"(supported: {string.Join(", ", Supported.Values.Select(t => t.Name))}).");
}
