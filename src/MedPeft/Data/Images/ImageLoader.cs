using MedPeft.Data.Images.Dicom;
using MedPeft.Data.Images.Nifti;

namespace MedPeft.Data.Images;

/// <summary>
/// Opens any image a dataset may point at: NIfTI by its extension, DICOM by its <c>.dcm</c> extension,
/// PNG/JPEG (and BMP, GIF, WebP) by content, and last DICOM by content (a Part 10 file or a raw dataset
/// without extension, as scanners write them).
/// </summary>
internal static class ImageLoader
{
    public static FloatImage Load(string path, MedicalImageOptions? options = null)
    {
        options ??= MedicalImageOptions.Default;
        if (!File.Exists(path)) throw new MedPeftException($"{path}: image file not found.");
        if (NiftiDecoder.IsNiftiPath(path)) return NiftiDecoder.Decode(path, options.Plane, options.Slice);
        var extension = Path.GetExtension(path).ToLowerInvariant();
        if (extension is ".dcm" or ".dicom") return DicomDecoder.Decode(path, options.Frame);
        if (SkiaImageDecoder.TryDecode(path) is { } image) return image;
        if (DicomDecoder.LooksLikeDicom(path)) return DicomDecoder.Decode(path, options.Frame);
        throw new MedPeftException($"{path}: not a readable image (expected PNG, JPEG, DICOM or NIfTI).");
    }
}
