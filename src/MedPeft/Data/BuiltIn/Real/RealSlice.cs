namespace MedPeft.Data.BuiltIn.Real;

/// <summary>
/// One 2-D slice of a real scan, ready to become a dataset image: display values (0–255, the
/// patient's left on the image's right for axial and coronal slices), where lesions may be placed,
/// and which organs it shows.
/// </summary>
/// <param name="Source">Which <see cref="RealSources"/> entry it comes from.</param>
/// <param name="Group">Slices with one group go to one split: the source volume, plane and slab of neighbouring slices.</param>
/// <param name="Description">How a report opens: "axial mri of the head".</param>
/// <param name="Display">Row-major gray values, 0–255.</param>
/// <param name="Sites">Per pixel: 0 = no lesion here, else 1 + index into <see cref="SiteNames"/>.</param>
/// <param name="Organs">Organs the slice shows.</param>
/// <param name="KnownOrgans">Organs whose presence the source's labels decide; absent ones are asked about with answer "no".</param>
internal sealed record RealSlice(RealSource Source, string Group, string Modality, string Plane, string Description,
    int Rows, int Columns, double RowSpacingMm, double ColumnSpacingMm, double[] Display, byte[] Sites,
    IReadOnlyList<string> SiteNames, IReadOnlyList<string> Organs, IReadOnlyList<string> KnownOrgans);
