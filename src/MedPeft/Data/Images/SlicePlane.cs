namespace MedPeft.Data.Images;

/// <summary>The plane a 2-D slice is cut from a volume (NIfTI): along the third, second or first voxel axis.</summary>
internal enum SlicePlane
{
    Axial,
    Coronal,
    Sagittal,
}
