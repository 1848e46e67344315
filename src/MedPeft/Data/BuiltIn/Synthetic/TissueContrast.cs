namespace MedPeft.Data.BuiltIn.Synthetic;

/// <summary>
/// How each modality shows each tissue. CT: Hounsfield units seen through the window a radiologist
/// would use for the region (brain, lung, soft tissue). MRI: a T1-weighted look on a 0–255 scale
/// (fat bright, white matter brighter than grey, fluid and bone dark). X-ray: linear attenuation
/// relative to water, summed along the beam by the renderer.
/// </summary>
static class TissueContrast
{
    public readonly record struct Window(double Level, double Width)
    {
        public double ToUnit(double value) => (value - (Level - Width / 2)) / Width;
    }

    public static Window CtWindow(string region) => region switch
    {
        "head" => new Window(40, 90),
        "chest" => new Window(-500, 1500),
        _ => new Window(50, 400),
    };

    public static double CtHounsfield(Tissue tissue) => tissue switch
    {
        Tissue.Air => -1000,
        Tissue.Fat => -100,
        Tissue.Muscle => 45,
        Tissue.Bone => 900,
        Tissue.Marrow => 250,
        Tissue.GreyMatter => 40,
        Tissue.WhiteMatter => 26,
        Tissue.Csf => 5,
        Tissue.Eye => 10,
        Tissue.Lung => -850,
        Tissue.Blood => 150,
        Tissue.Liver => 100,
        Tissue.Spleen => 115,
        Tissue.Kidney => 170,
        Tissue.Stomach => 15,
        Tissue.Bowel => 35,
        _ => throw new ArgumentOutOfRangeException(nameof(tissue), tissue, "not an anatomy tissue"),
    };

    public static double MriT1(Tissue tissue) => tissue switch
    {
        Tissue.Air => 4,
        Tissue.Fat => 225,
        Tissue.Muscle => 75,
        Tissue.Bone => 22,
        Tissue.Marrow => 170,
        Tissue.GreyMatter => 100,
        Tissue.WhiteMatter => 160,
        Tissue.Csf => 32,
        Tissue.Eye => 40,
        Tissue.Lung => 12,
        Tissue.Blood => 20,
        Tissue.Liver => 135,
        Tissue.Spleen => 92,
        Tissue.Kidney => 112,
        Tissue.Stomach => 45,
        Tissue.Bowel => 80,
        _ => throw new ArgumentOutOfRangeException(nameof(tissue), tissue, "not an anatomy tissue"),
    };

    public static double XrayAttenuation(Tissue tissue) => tissue switch
    {
        Tissue.Air => 0,
        Tissue.Lung => 0.25,
        Tissue.Fat => 0.9,
        Tissue.Bone => 2.5,
        Tissue.Marrow => 1.4,
        _ => 1,
    };

    /// <summary>Texture strength in the modality's own units: lung parenchyma and bone are grainy, fluid is smooth.</summary>
    public static double Texture(string modality, Tissue tissue) => (modality, tissue) switch
    {
        ("ct", Tissue.Lung) => 45,
        ("ct", Tissue.Bone) => 120,
        ("ct", Tissue.Liver or Tissue.Spleen or Tissue.Kidney) => 10,
        ("ct", Tissue.Csf or Tissue.Eye or Tissue.Stomach) => 2,
        ("ct", _) => 5,
        ("mri", Tissue.Csf or Tissue.Eye or Tissue.Air or Tissue.Lung) => 3,
        ("mri", _) => 10,
        _ => 0,
    };

    /// <summary>A lesion's value relative to its host: solid nodules are brighter, fluid cysts darker (in the lung: air cysts).</summary>
    public static double CtLesion(string kind, Tissue host, bool rim) => (kind, host, rim) switch
    {
        ("cyst", Tissue.Lung, _) => -1000, // an air cyst: its thin wall would blur into the air at this resolution
        (_, _, true) => Math.Max(CtHounsfield(host), 0) + 60,
        ("nodule", Tissue.Lung, _) => 35,
        ("nodule", _, _) => CtHounsfield(host) + 100,
        _ => 5,
    };

    public static double MriLesion(string kind, Tissue host, bool rim) => (kind, rim) switch
    {
        (_, true) => Math.Min(MriT1(host) + 60, 245),
        ("nodule", _) => Math.Min(MriT1(host) + 90, 250),
        _ => 28,
    };

    /// <summary>X-ray attenuation of a lesion (path length comes from its size); cysts are lucent with a dense rim.</summary>
    public static double XrayLesion(string kind, bool rim) => (kind, rim) switch
    {
        (_, true) => 1.5,
        ("nodule", _) => 2.2,
        _ => -0.6,
    };
}
