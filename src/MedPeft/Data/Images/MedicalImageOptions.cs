namespace MedPeft.Data.Images;

/// <summary>
/// Which 2-D image to take from a file that holds more than one: the DICOM frame, and the NIfTI plane
/// and slice. A null frame or slice means the middle one.
/// </summary>
internal sealed record MedicalImageOptions(int? Frame = null, SlicePlane Plane = SlicePlane.Axial, int? Slice = null)
{
    public static readonly MedicalImageOptions Default = new();
}
