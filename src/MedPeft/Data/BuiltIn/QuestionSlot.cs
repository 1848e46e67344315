namespace MedPeft.Data.BuiltIn;

/// <summary>A kind of question that can be asked about an image: a type, open or closed, and for
/// abnormality whether it asks about the lesion itself (kind, shape) rather than normal/abnormal.</summary>
internal readonly record struct QuestionSlot(string Type, bool Closed, bool AboutLesion = false)
{
    /// <summary>Slots that apply to every image, whether it has a lesion or not.</summary>
    public static IEnumerable<QuestionSlot> General(ImageFacts facts, QuestionVocabulary vocabulary) =>
        from type in new[] { QuestionTypes.Modality, QuestionTypes.Plane, QuestionTypes.Organ, QuestionTypes.Count, QuestionTypes.Abnormality }
        from closed in new[] { false, true }
        where QuestionTemplates.Applies(type, closed, facts, vocabulary)
        select new QuestionSlot(type, closed);

    /// <summary>Slots about the lesions of an abnormal image (none for a normal one).</summary>
    public static IEnumerable<QuestionSlot> AboutLesions(ImageFacts facts) =>
        facts.Lesions is null ? [] :
        [
            new(QuestionTypes.Position, false), new(QuestionTypes.Position, true),
            new(QuestionTypes.Size, false), new(QuestionTypes.Size, true),
            new(QuestionTypes.Abnormality, true, AboutLesion: true),
        ];
}
