namespace MedPeft.Data.BuiltIn;

/// <summary>A kind of question that can be asked about an image: a type, open or closed, and for
/// abnormality whether it asks about the lesion itself (kind, shape) rather than normal/abnormal.</summary>
/// <param name="Choice">A closed question that names its candidates ("is this a ct or an mri?"): answered with one of them, not yes/no.</param>
/// <param name="Topic">What within the type it asks about, when not the type's usual subject: <see cref="Sequence"/>, <see cref="Colour"/> or <see cref="Eye"/>.</param>
internal readonly record struct QuestionSlot(string Type, bool Closed, bool AboutLesion = false, bool Choice = false, string? Topic = null)
{
    public const string Sequence = "sequence", Colour = "colour", Eye = "eye";

    /// <summary>A yes/no question: closed and not naming its candidates.</summary>
    public bool YesNo => Closed && !Choice;

    /// <summary>
    /// Slots that apply to every image, whether it has a lesion or not; with <paramref name="choices"/>, also
    /// the closed questions that name their candidates and those about sequence, colour and eye.
    /// </summary>
    public static IEnumerable<QuestionSlot> General(ImageFacts facts, QuestionVocabulary vocabulary, bool choices = false)
    {
        var slots = from type in new[] { QuestionTypes.Modality, QuestionTypes.Plane, QuestionTypes.Organ, QuestionTypes.Count, QuestionTypes.Abnormality }
                    from closed in new[] { false, true }
                    where QuestionTemplates.Applies(type, closed, facts, vocabulary)
                    select new QuestionSlot(type, closed);
        return choices ? slots.Concat(ChoiceSlots(facts, vocabulary)) : slots;
    }

    static IEnumerable<QuestionSlot> ChoiceSlots(ImageFacts facts, QuestionVocabulary vocabulary)
    {
        if (vocabulary.Modalities.Count > 1) yield return new(QuestionTypes.Modality, true, Choice: true);
        if (facts.Plane is not null && vocabulary.Planes.Count > 1) yield return new(QuestionTypes.Plane, true, Choice: true);
        if (facts.Sequence is not null)
        {
            yield return new(QuestionTypes.Modality, false, Topic: Sequence);
            if (vocabulary.Sequences.Count > 1) yield return new(QuestionTypes.Modality, true, Choice: true, Topic: Sequence);
        }
        yield return new(QuestionTypes.Color, true, Topic: Colour);
        yield return new(QuestionTypes.Color, true, Choice: true, Topic: Colour);
        if (facts.Eye is not null)
        {
            yield return new(QuestionTypes.Position, false, Topic: Eye);
            yield return new(QuestionTypes.Position, true, Choice: true, Topic: Eye);
        }
    }

    /// <summary>Slots about the lesions of an abnormal image (none for a normal one); with <paramref name="choices"/>, also those that name their candidates.</summary>
    public static IEnumerable<QuestionSlot> AboutLesions(ImageFacts facts, bool choices = false)
    {
        if (facts.Lesions is null) return [];
        QuestionSlot[] slots =
        [
            new(QuestionTypes.Position, false), new(QuestionTypes.Position, true),
            new(QuestionTypes.Size, false), new(QuestionTypes.Size, true),
            new(QuestionTypes.Abnormality, true, AboutLesion: true),
        ];
        return choices
            ? [.. slots, new(QuestionTypes.Position, true, Choice: true), new(QuestionTypes.Size, true, Choice: true), new(QuestionTypes.Abnormality, true, AboutLesion: true, Choice: true)]
            : slots;
    }
}
