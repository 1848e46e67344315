using System.IO.Compression;

namespace MedPeft.Data.Images.Nifti;

/// <summary>
/// Reads one slice of a NIfTI-1 volume: a single <c>.nii</c> / <c>.nii.gz</c> file or a
/// <c>.hdr</c> + <c>.img</c> pair (either gzipped), either byte order, integer or float voxels.
/// Only the first volume of a 4-D file is read.
/// </summary>
internal static class NiftiDecoder
{
    /// <summary>Whether a file name is a NIfTI file by its extension.</summary>
    public static bool IsNiftiPath(string path)
    {
        var name = path.ToLowerInvariant();
        return name.EndsWith(".nii") || name.EndsWith(".nii.gz") || name.EndsWith(".hdr") || name.EndsWith(".hdr.gz")
            || name.EndsWith(".img") || name.EndsWith(".img.gz");
    }

    /// <summary>Reads slice <paramref name="index"/> (default: the middle one) of <paramref name="plane"/>.</summary>
    public static NiftiSlice ReadSlice(string path, SlicePlane plane = SlicePlane.Axial, int? index = null)
    {
        var (headerPath, imagePath) = Files(path);
        NiftiHeader header;
        byte[] voxels;
        using (var headerStream = Open(headerPath))
        {
            var bytes = new byte[NiftiHeader.Size];
            try
            {
                if (headerStream.ReadAtLeast(bytes, bytes.Length, throwOnEndOfStream: false) < bytes.Length)
                    throw new MedPeftException($"{headerPath}: shorter than the 348-byte NIfTI-1 header (truncated or not NIfTI).");
            }
            catch (InvalidDataException e) { throw CorruptGzip(headerPath, e); }
            header = NiftiHeader.Parse(bytes, headerPath);
            if (header.SingleFile != (headerPath == imagePath))
                throw new MedPeftException(header.SingleFile
                    ? $"{headerPath}: the header says its voxels are in the same file ('n+1'), but it is a .hdr file."
                    : $"{headerPath}: the header says its voxels are in a separate .img file ('ni1'); open the .hdr/.img pair.");
            if (header.SingleFile) voxels = ReadVolume(headerStream, header, headerPath, header.VoxelOffset - NiftiHeader.Size, MaxBytes(headerPath) - NiftiHeader.Size);
            else
            {
                using var imageStream = Open(imagePath);
                voxels = ReadVolume(imageStream, header, imagePath, header.VoxelOffset, MaxBytes(imagePath));
            }
        }
        return Cut(voxels, header, plane, index, path);
    }

    /// <summary>Reads a slice as an image on the 0–255 scale.</summary>
    public static FloatImage Decode(string path, SlicePlane plane = SlicePlane.Axial, int? index = null) =>
        ReadSlice(path, plane, index).ToImage();

    static (string Header, string Image) Files(string path)
    {
        var lower = path.ToLowerInvariant();
        string Sibling(string from, string to)
        {
            var stem = path[..^from.Length];
            var candidates = new[] { stem + to, stem + to + ".gz", stem + to.ToUpperInvariant(), stem + to.ToUpperInvariant() + ".gz" };
            return candidates.FirstOrDefault(File.Exists)
                ?? throw new MedPeftException($"{path}: the other file of the NIfTI pair ({stem}{to}) was not found.");
        }
        if (!File.Exists(path)) throw new MedPeftException($"{path}: file not found (expected a NIfTI file).");
        if (lower.EndsWith(".hdr")) return (path, Sibling(".hdr", ".img"));
        if (lower.EndsWith(".hdr.gz")) return (path, Sibling(".hdr.gz", ".img"));
        if (lower.EndsWith(".img")) return (Sibling(".img", ".hdr"), path);
        if (lower.EndsWith(".img.gz")) return (Sibling(".img.gz", ".hdr"), path);
        return (path, path);
    }

    static Stream Open(string path)
    {
        var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
        return path.EndsWith(".gz", StringComparison.OrdinalIgnoreCase) ? new GZipStream(file, CompressionMode.Decompress) : file;
    }

    /// <summary>
    /// The most bytes <paramref name="path"/> can hold once decompressed: its length, or for gzip its length
    /// times deflate's largest ratio (1032:1), so that a header's claimed size is checked before it is allocated.
    /// </summary>
    static long MaxBytes(string path)
    {
        long length = new FileInfo(path).Length;
        return path.EndsWith(".gz", StringComparison.OrdinalIgnoreCase) ? length * 1032 : length;
    }

    /// <summary>Reads past <paramref name="count"/> bytes in blocks (a gzip stream cannot seek; the count is never allocated).</summary>
    static void Skip(Stream stream, long count)
    {
        var buffer = new byte[1 << 16];
        while (count > 0)
        {
            int read = stream.Read(buffer, 0, (int)Math.Min(buffer.Length, count));
            if (read == 0) throw new EndOfStreamException();
            count -= read;
        }
    }

    static MedPeftException CorruptGzip(string path, InvalidDataException e) => new($"{path}: corrupt gzip data ({e.Message}).");

    static byte[] ReadVolume(Stream stream, NiftiHeader header, string path, long skip, long available)
    {
        long count = (long)header.SizeX * header.SizeY * header.SizeZ * header.DataType.Bytes;
        if (count > Array.MaxLength) throw new MedPeftException($"{path}: a {header.SizeX}x{header.SizeY}x{header.SizeZ} volume is too large to read.");
        if (skip < 0 || skip > available || count > available - skip)
            throw new MedPeftException($"{path}: the header's vox_offset {header.VoxelOffset} and {header.SizeX}x{header.SizeY}x{header.SizeZ} {header.DataType.Name} volume " +
                                       "need more bytes after the header than the file can hold (truncated, or vox_offset/dim/datatype damaged).");
        try
        {
            Skip(stream, skip);
            var voxels = new byte[count];
            int read = stream.ReadAtLeast(voxels, voxels.Length, throwOnEndOfStream: false);
            if (read < count)
                throw new MedPeftException($"{path}: holds {read} voxel bytes where the {header.SizeX}x{header.SizeY}x{header.SizeZ} {header.DataType.Name} volume needs {count} (truncated).");
            return voxels;
        }
        catch (EndOfStreamException) { throw new MedPeftException($"{path}: the file ends before vox_offset {header.VoxelOffset} (truncated)."); }
        catch (InvalidDataException e) { throw CorruptGzip(path, e); }
    }

    static NiftiSlice Cut(byte[] voxels, NiftiHeader h, SlicePlane plane, int? index, string path)
    {
        int nx = h.SizeX, ny = h.SizeY, nz = h.SizeZ;
        int depth = plane switch { SlicePlane.Axial => nz, SlicePlane.Coronal => ny, _ => nx };
        int slice = index ?? depth / 2;
        if (slice < 0 || slice >= depth)
            throw new MedPeftException($"{path}: {plane.ToString().ToLowerInvariant()} slice {slice} was asked for but the volume has {depth} (0 to {depth - 1}).");
        var (rows, columns) = plane switch { SlicePlane.Axial => (ny, nx), SlicePlane.Coronal => (nz, nx), _ => (nz, ny) };
        var values = new double[rows * columns];
        int size = h.DataType.Bytes;
        for (int r = 0; r < rows; r++)
        {
            for (int c = 0; c < columns; c++)
            {
                var (i, j, k) = plane switch
                {
                    SlicePlane.Axial => (c, ny - 1 - r, slice),
                    SlicePlane.Coronal => (c, slice, nz - 1 - r),
                    _ => (slice, c, nz - 1 - r),
                };
                long at = ((long)k * ny + j) * nx + i;
                double raw = h.DataType.Read(voxels.AsSpan((int)(at * size), size), h.LittleEndian);
                values[r * columns + c] = raw * h.Slope + h.Intercept;
            }
        }
        return new NiftiSlice(path, plane, slice, rows, columns, values);
    }
}
