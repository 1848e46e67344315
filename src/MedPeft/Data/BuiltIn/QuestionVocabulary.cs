namespace MedPeft.Data.BuiltIn;

/// <summary>
/// Every modality, plane, organ, lesion site and MRI sequence that occurs in a dataset: closed questions whose
/// answer is "no" name one of these that is not true of the image, so the wrong option is always
/// something the dataset really shows elsewhere.
/// </summary>
internal sealed record QuestionVocabulary(IReadOnlyList<string> Modalities, IReadOnlyList<string> Planes,
    IReadOnlyList<string> Organs, IReadOnlyList<string> Sites, IReadOnlyList<string> Sequences)
{
    public static QuestionVocabulary From(IEnumerable<ImageFacts> images)
    {
        var all = images.ToList();
        return new QuestionVocabulary(
            Sorted(all.Select(f => f.Modality)),
            Sorted(all.Select(f => f.Plane).OfType<string>()),
            Sorted(all.SelectMany(f => f.Organs)),
            Sorted(all.SelectMany(f => f.Sites)),
            Sorted(all.Select(f => f.Sequence).OfType<string>()));
    }

    static List<string> Sorted(IEnumerable<string> values) => values.Distinct().Order(StringComparer.Ordinal).ToList();
}
