namespace MedPeft.Data.BuiltIn.Synthetic;

/// <summary>
/// Everything known about one generated image: what it shows and where, in pixels. Every answer and
/// report sentence about the image is computed from this.
/// </summary>
/// <param name="Modality">"ct", "mri" or "x-ray".</param>
/// <param name="Region">"head", "chest" or "abdomen".</param>
/// <param name="Plane">"axial" or "coronal" (an x-ray is a frontal projection, answered as "coronal" as SLAKE does).</param>
/// <param name="Level">For axial slices, the level they cut through (<see cref="PhantomAnatomy"/>); otherwise null.</param>
/// <param name="PixelSpacingMm">Millimetres per pixel.</param>
/// <param name="SizeClass">"small" or "large": the size class shared by all lesions of the image.</param>
/// <param name="Labels">Per pixel (row-major): 0 = outside the body, k = structure k-1, structures+1+j = lesion j.</param>
internal sealed record PhantomScene(string Modality, string Region, string Plane, string? Level, int Size, double PixelSpacingMm,
    IReadOnlyList<PhantomStructure> Structures, IReadOnlyList<PhantomLesion> Lesions, string SizeClass, byte[] Labels)
{
    /// <summary>The label value of lesion <paramref name="index"/> in <see cref="Labels"/>.</summary>
    public int LesionLabel(int index) => Structures.Count + 1 + index;

    /// <summary>Organs covering at least 0.1% of the image (parts covered by later parts do not count).</summary>
    public IReadOnlyList<string> VisibleOrgans()
    {
        var pixels = new int[Structures.Count + 1];
        foreach (var label in Labels)
            if (label > 0 && label <= Structures.Count) pixels[label]++;
        return Structures
            .Select((structure, index) => (structure.Organ, Pixels: pixels[index + 1]))
            .Where(part => part.Organ is not null)
            .GroupBy(part => part.Organ!)
            .Where(organ => organ.Sum(part => part.Pixels) >= Size * Size / 1000)
            .Select(organ => organ.Key)
            .ToList();
    }
}
