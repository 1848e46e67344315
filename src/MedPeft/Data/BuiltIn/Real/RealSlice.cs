namespace MedPeft.Data.BuiltIn.Real;

/// <summary>
/// One 2-D image of a real subject, ready to become a dataset image: display values (0–255, the
/// patient's left on the image's right for axial and coronal slices), where lesions may be placed,
/// and which organs it shows.
/// </summary>
/// <param name="Plane">"axial", "coronal", "sagittal", or null for an image without a scan plane (a photograph, an ultrasound view).</param>
/// <param name="Description">How a report opens: "axial t1-weighted mri of the head".</param>
/// <param name="Channels">1 for a greyscale image, 3 for a colour one (channel after channel in <see cref="Display"/>).</param>
/// <param name="Display">Values 0–255, channel-major, row-major.</param>
/// <param name="Sites">Per pixel: 0 = no lesion here, else 1 + index into <see cref="SiteNames"/>; all zero where no lesion is drawn.</param>
/// <param name="Organs">Organs the image shows.</param>
/// <param name="KnownOrgans">Organs whose presence the source's labels decide; absent ones are asked about with answer "no".</param>
/// <param name="Eye">"left" or "right" for a photograph of one eye, else null.</param>
internal sealed record RealSlice(RealSubject Subject, string? Plane, string Description,
    int Rows, int Columns, double RowSpacingMm, double ColumnSpacingMm, int Channels, double[] Display, byte[] Sites,
    IReadOnlyList<string> SiteNames, IReadOnlyList<string> Organs, IReadOnlyList<string> KnownOrgans, string? Eye = null)
{
    /// <summary>Whether lesions can be drawn: a greyscale image with places for them.</summary>
    public bool TakesLesions => Channels == 1 && SiteNames.Count > 0;
}
