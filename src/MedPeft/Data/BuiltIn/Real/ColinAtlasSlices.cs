using MedPeft.Data.Images;
using MedPeft.Data.Images.Nifti;

namespace MedPeft.Data.BuiltIn.Real;

/// <summary>
/// Slices of the Colin27 T1 template (1 mm, 181x217x181) in three planes. The brain mask comes from
/// its brain-extracted copy (ch2bet), the hemisphere of each brain pixel from the side of the midline,
/// and the lobes a slice shows from the AAL atlas labels on the same grid.
/// </summary>
static class ColinAtlasSlices
{
    /// <summary>AAL label-name prefixes of each organ the questions name.</summary>
    static readonly (string Organ, string[] Prefixes)[] Lobes =
    [
        ("frontal lobe", ["Precentral", "Frontal_", "Rolandic", "Supp_Motor", "Olfactory", "Rectus", "Paracentral"]),
        ("parietal lobe", ["Postcentral", "Parietal_", "SupraMarginal", "Angular", "Precuneus"]),
        ("temporal lobe", ["Temporal_", "Heschl"]),
        ("occipital lobe", ["Calcarine", "Cuneus", "Lingual", "Occipital_", "Fusiform"]),
        ("cerebellum", ["Cerebelum_", "Vermis_"]),
        ("thalamus", ["Thalamus_"]),
    ];

    public static readonly IReadOnlyList<string> KnownOrgans = ["brain", .. Lobes.Select(l => l.Organ)];

    const int MinimumBrainPixels = 1500, MinimumOrganPixels = 60, MidlineGap = 8;

    /// <param name="perPlane">How many slices to take per plane, evenly spaced over those that show enough brain.</param>
    public static IEnumerable<RealSlice> Read(string root, int perPlane)
    {
        var source = RealSources.Colin27;
        string t1 = RealSources.PathOf(root, source, 0), brain = RealSources.PathOf(root, source, 1), atlas = RealSources.PathOf(root, source, 2);
        var organOfLabel = OrganOfLabel(RealSources.PathOf(root, source, 3));
        var sideOfLabel = SideOfLabel(RealSources.PathOf(root, source, 3));

        // Which way the columns run: the atlas says where its left-hemisphere labels are.
        var probe = NiftiDecoder.ReadSlice(atlas, SlicePlane.Axial);
        var leftColumns = ColumnsOf(probe, label => sideOfLabel.GetValueOrDefault(label) == "left");
        var rightColumns = ColumnsOf(probe, label => sideOfLabel.GetValueOrDefault(label) == "right");
        var flip = leftColumns < rightColumns; // show the patient's left on the image's right
        var midline = (leftColumns + rightColumns) / 2;

        var brainPixels = BrainPixelsPerSlice(brain);
        foreach (var plane in new[] { SlicePlane.Axial, SlicePlane.Coronal, SlicePlane.Sagittal })
        {
            var candidates = Enumerable.Range(0, brainPixels[plane].Length)
                .Where(index => brainPixels[plane][index] >= MinimumBrainPixels)
                .Where(index => plane != SlicePlane.Sagittal || Math.Abs(index - midline) >= MidlineGap)
                .ToList();
            foreach (var index in RealSlicePicker.Evenly(candidates, perPlane))
            {
                var mask = NiftiDecoder.ReadSlice(brain, plane, index);
                var image = NiftiDecoder.ReadSlice(t1, plane, index);
                var labels = NiftiDecoder.ReadSlice(atlas, plane, index);
                int rows = image.Rows, columns = image.Columns;
                var mirror = flip && plane != SlicePlane.Sagittal;
                int At(int i) => mirror ? i / columns * columns + (columns - 1 - i % columns) : i;

                var display = new double[rows * columns];
                var sites = new byte[rows * columns];
                for (var i = 0; i < display.Length; i++)
                {
                    var from = At(i);
                    display[i] = Math.Clamp(image.Values[from], 0, 255);
                    if (mask.Values[from] <= 0) continue;
                    var column = from % columns;
                    var side = plane == SlicePlane.Sagittal
                        ? (index < midline) == (leftColumns < rightColumns) ? "left" : "right"
                        : Math.Abs(column - midline) < 2 ? null : (column < midline) == (leftColumns < rightColumns) ? "left" : "right";
                    if (side is not null) sites[i] = (byte)(side == "right" ? 1 : 2);
                }
                var organs = new List<string> { "brain" };
                var counts = labels.Values.Where(v => v > 0).GroupBy(v => organOfLabel.GetValueOrDefault((int)v))
                    .Where(g => g.Key is not null).ToDictionary(g => g.Key!, g => g.Count());
                organs.AddRange(Lobes.Select(l => l.Organ).Where(organ => counts.GetValueOrDefault(organ) >= MinimumOrganPixels));
                var planeName = plane.ToString().ToLowerInvariant();
                yield return new RealSlice(RealSubjects.Colin27, planeName, $"{planeName} t1-weighted mri of the head",
                    rows, columns, 1, 1, 1, display, sites, ["right hemisphere", "left hemisphere"], organs, KnownOrgans);
            }
        }
    }

    /// <summary>
    /// Brain pixels in every slice of each plane, counted from the axial slices alone (row r of an axial
    /// slice is voxel row j = rows-1-r, its columns are i): one pass instead of reading every slice of every plane.
    /// </summary>
    static Dictionary<SlicePlane, int[]> BrainPixelsPerSlice(string brain)
    {
        var depth = NiftiDecoder.ReadSlice(brain, SlicePlane.Sagittal, 0).Rows; // a sagittal slice is slices x rows
        var axial = new int[depth];
        int[] coronal = [], sagittal = [];
        for (var z = 0; z < depth; z++)
        {
            var slice = NiftiDecoder.ReadSlice(brain, SlicePlane.Axial, z);
            int rows = slice.Rows, columns = slice.Columns;
            if (z == 0) (coronal, sagittal) = (new int[rows], new int[columns]);
            for (var r = 0; r < rows; r++)
                for (var c = 0; c < columns; c++)
                    if (slice.Values[r * columns + c] > 0) { axial[z]++; coronal[rows - 1 - r]++; sagittal[c]++; }
        }
        return new() { [SlicePlane.Axial] = axial, [SlicePlane.Coronal] = coronal, [SlicePlane.Sagittal] = sagittal };
    }

    static double ColumnsOf(NiftiSlice slice, Func<int, bool> select)
    {
        var columns = Enumerable.Range(0, slice.Values.Length).Where(i => select((int)slice.Values[i])).Select(i => i % slice.Columns).ToList();
        if (columns.Count == 0) throw new MedPeftException($"{slice.Path}: no hemisphere labels in the middle axial slice; not the AAL atlas?");
        return columns.Average();
    }

    /// <summary>aal.nii.txt lines are "index name code", e.g. "1 Precentral_L 2001".</summary>
    static IEnumerable<(int Label, string Name)> Names(string path) =>
        File.ReadLines(path).Select(line => line.Split(' ', StringSplitOptions.RemoveEmptyEntries))
            .Where(parts => parts.Length >= 2 && int.TryParse(parts[0], out _))
            .Select(parts => (int.Parse(parts[0]), parts[1]));

    static Dictionary<int, string> OrganOfLabel(string path) =>
        Names(path).Select(n => (n.Label, Organ: Lobes.FirstOrDefault(l => l.Prefixes.Any(p => n.Name.StartsWith(p, StringComparison.Ordinal))).Organ))
            .Where(n => n.Organ is not null).ToDictionary(n => n.Label, n => n.Organ);

    static Dictionary<int, string> SideOfLabel(string path) =>
        Names(path).Where(n => n.Name.EndsWith("_L") || n.Name.EndsWith("_R"))
            .ToDictionary(n => n.Label, n => n.Name.EndsWith("_L") ? "left" : "right");
}
