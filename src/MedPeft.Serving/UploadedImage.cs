using System.Buffers.Binary;
using MedPeft.Data.Images;

namespace MedPeft.Serving;

/// <summary>
/// Decodes an uploaded image (PNG, JPEG, DICOM, NIfTI) with the readers datasets use. They read files, so the bytes
/// go to a private temporary file named by the format the content shows (NIfTI and DICOM are told by their headers,
/// a gzip stream is taken for <c>.nii.gz</c>), which is deleted at once; messages name the upload, not that file.
/// </summary>
internal static class UploadedImage
{
    public static FloatImage Decode(byte[] bytes, string uploadName, MedicalImageOptions options)
    {
        if (bytes.Length == 0) throw ServingException.BadImage($"{uploadName}: the image is empty.");
        var folder = Directory.CreateTempSubdirectory("medpeft-upload-");
        var path = Path.Combine(folder.FullName, "image" + Extension(bytes));
        try
        {
            File.WriteAllBytes(path, bytes);
            return ImageLoader.Load(path, options);
        }
        catch (MedPeftException e)
        {
            throw ServingException.BadImage(e.Message.Replace(path, uploadName, StringComparison.Ordinal));
        }
        catch (Exception e) when (e is ArgumentException or InvalidDataException or IOException or IndexOutOfRangeException or OverflowException)
        {
            throw ServingException.BadImage($"{uploadName}: not a readable image ({e.Message}).");
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    /// <summary>The file extension the readers need to recognise the content.</summary>
    static string Extension(byte[] bytes)
    {
        if (bytes.Length >= 2 && bytes[0] == 0x1f && bytes[1] == 0x8b) return ".nii.gz";
        if (bytes.Length >= 348 && (BinaryPrimitives.ReadInt32LittleEndian(bytes) == 348 || BinaryPrimitives.ReadInt32BigEndian(bytes) == 348)) return ".nii";
        if (bytes.Length >= 132 && bytes[128] == 'D' && bytes[129] == 'I' && bytes[130] == 'C' && bytes[131] == 'M') return ".dcm";
        // Not .img, which the NIfTI reader takes for the data half of an Analyze pair: PNG and JPEG are told by content.
        return ".upload";
    }
}
