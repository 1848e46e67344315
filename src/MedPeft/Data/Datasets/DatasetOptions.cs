namespace MedPeft.Data.Datasets;

/// <summary>
/// How to read a dataset: the task (VQA or report; formats that hold one kind only ignore it), the
/// SLAKE question language (<c>en</c>, <c>zh</c> or <c>all</c>), and the share of training images moved
/// to a validation split (by image, deterministically for the seed) when the set has no validation split.
/// </summary>
internal sealed record DatasetOptions(DatasetTask Task = DatasetTask.Vqa, string QuestionLanguage = "en", double ValidationFraction = 0.1, int Seed = 42)
{
    public static readonly DatasetOptions Default = new();
}
