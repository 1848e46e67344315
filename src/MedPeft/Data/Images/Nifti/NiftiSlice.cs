namespace MedPeft.Data.Images.Nifti;

/// <summary>
/// A 2-D slice of a NIfTI volume, values scaled by scl_slope/scl_inter, row-major. It is laid out
/// as a viewer shows the voxel axes as stored (the affine is not applied): axial slice k has columns
/// along i and rows along j with j growing upwards; coronal has columns along i and rows along k;
/// sagittal has columns along j and rows along k (k growing upwards).
/// </summary>
internal sealed record NiftiSlice(string Path, SlicePlane Plane, int Index, int Rows, int Columns, double[] Values)
{
    /// <summary>The slice on the 0–255 scale: its min–max range stretched.</summary>
    public FloatImage ToImage() => new(1, Rows, Columns, IntensityWindow.MinMax(Values));
}
