namespace MedPeft.Data.BuiltIn;

/// <summary>
/// What is known to be true of one image of a built-in dataset; questions, answers and reports are
/// computed from it and nothing else. Left and right are the patient's.
/// </summary>
/// <param name="Modality">"ct", "mri", "x-ray", ...</param>
/// <param name="Plane">"axial", "coronal", "sagittal", or null when the image has no scan plane.</param>
/// <param name="Region">Body part shown ("head", "chest", "abdomen"), or null if not a body-part image.</param>
/// <param name="Level">Where an axial slice cuts ("lateral ventricles"), or null.</param>
/// <param name="Organs">Organs visible in the image, by the names questions use.</param>
/// <param name="Sites">Places in this image where a lesion could be ("left lung", "right lung"); the wrong
/// places that closed position questions ask about are taken from here.</param>
/// <param name="LesionCount">Number of lesions (0 = normal image).</param>
/// <param name="Lesions">What the image's lesions have in common; null when there are none.</param>
/// <param name="AbsentOrgans">Organs known not to be in the image; null when every organ of the dataset that is not in
/// <see cref="Organs"/> is known to be absent (as in a phantom). Real images name only what their labels decide.</param>
internal sealed record ImageFacts(string Modality, string? Plane, string? Region, string? Level, IReadOnlyList<string> Organs,
    IReadOnlyList<string> Sites, int LesionCount, LesionFacts? Lesions, IReadOnlyList<string>? AbsentOrgans = null)
{
    /// <summary>Organs a closed "no" question may name.</summary>
    public IReadOnlyList<string> OrgansAbsent(QuestionVocabulary vocabulary) => AbsentOrgans ?? vocabulary.Organs.Except(Organs).ToList();

    public bool Abnormal => LesionCount > 0;

    /// <summary>The MRI weighting ("t1", "proton density", "flair") where the source states it, else null.</summary>
    public string? Sequence { get; init; }

    /// <summary>Whether the image is in colour (a photograph, a stained slide, a colour ultrasound) rather than greyscale.</summary>
    public bool Colour { get; init; }

    /// <summary>"left" or "right" for a photograph of one eye, else null.</summary>
    public string? Eye { get; init; }
}

/// <summary>The shared description of an image's lesions (all lie in one organ and share size class, kind and shape).</summary>
/// <param name="Location">Host organ, with its side where organs are paired: "left lung", "liver".</param>
/// <param name="Side">"left" or "right": the side of the patient's body.</param>
/// <param name="Vertical">"upper" or "lower" half of the host organ, for a single lesion in a coronal or frontal image; otherwise null.</param>
/// <param name="SizeClass">"small" or "large".</param>
/// <param name="Kind">"nodule" or "cyst".</param>
/// <param name="Shape">"round" or "irregular".</param>
/// <param name="LargestDiameterMm">Largest extent of the largest lesion, in millimetres.</param>
internal sealed record LesionFacts(string Location, string Side, string? Vertical, string SizeClass, string Kind, string Shape, double LargestDiameterMm);
