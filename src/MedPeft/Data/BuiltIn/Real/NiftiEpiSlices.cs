using MedPeft.Data.Images;
using MedPeft.Data.Images.Nifti;

namespace MedPeft.Data.BuiltIn.Real;

/// <summary>
/// Axial slices of nibabel's example functional MRI (first volume; 2 x 2 x 2.2 mm). Its sform runs the
/// voxel columns towards the patient's left and the rows towards anterior, so the slices as read are
/// already in the radiological convention. Only axial: the 24 slices cover too little of the head for
/// coronal or sagittal cuts.
/// </summary>
static class NiftiEpiSlices
{
    const double SpacingMm = 2, MarginMm = 8, ForegroundThreshold = 50;
    const int MinimumSitePixels = 400;

    public static IEnumerable<RealSlice> Read(string root, int count)
    {
        var path = RealSources.PathOf(root, RealSources.NibabelEpi, 0);
        var depth = NiftiDecoder.ReadSlice(path, SlicePlane.Sagittal, 0).Rows;
        var candidates = Enumerable.Range(0, depth).Select(k => Slice(path, k)).Where(s => s.Sites.Count(v => v != 0) >= MinimumSitePixels).ToList();
        return RealSlicePicker.Evenly(candidates, count);
    }

    static RealSlice Slice(string path, int index)
    {
        var slice = NiftiDecoder.ReadSlice(path, SlicePlane.Axial, index);
        var display = DisplayWindow.Percentiles(slice.Values);
        var sites = ForegroundSites.Find(display, slice.Rows, slice.Columns, SpacingMm, ForegroundThreshold, MarginMm);
        return new RealSlice(RealSubjects.NibabelEpi, "axial", "axial echo-planar mri of the head", slice.Rows, slice.Columns, SpacingMm, SpacingMm, 1,
            display, sites, ["right hemisphere", "left hemisphere"], ["brain"], ["brain"]);
    }
}
