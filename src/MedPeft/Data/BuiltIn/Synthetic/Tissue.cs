namespace MedPeft.Data.BuiltIn.Synthetic;

/// <summary>The materials a phantom is made of; each modality maps them to its own contrast.</summary>
internal enum Tissue : byte
{
    Air,
    Fat,
    Muscle,
    Bone,
    Marrow,
    GreyMatter,
    WhiteMatter,
    Csf,
    Eye,
    Lung,
    Blood,
    Liver,
    Spleen,
    Kidney,
    Stomach,
    Bowel,
    Nodule,
    Cyst,
}
