namespace MedPeft.Data.BuiltIn;

/// <summary>
/// Closed questions that name their candidates, as SLAKE asks them ("is this a ct or an mri?" → "mri",
/// "is the lesion on the left or the right side?" → "left"). The true candidate comes first or second at
/// random, so its place in the question says nothing; the answer is the true candidate as the question words it.
/// </summary>
internal static class CandidateQuestions
{
    public static (string Question, string Answer) Write(QuestionSlot slot, ImageFacts facts, QuestionVocabulary vocabulary, DeterministicRandom random)
    {
        switch (slot.Topic ?? slot.Type)
        {
            case QuestionTypes.Modality:
            {
                var (a, b) = Order(facts.Modality, Other(vocabulary.Modalities, facts.Modality, random), random);
                return (random.Pick([$"is this {QuestionWords.Article(a)} {a} or {QuestionWords.Article(b)} {b} image?", $"was this image taken with {a} or {b}?"]), facts.Modality);
            }
            case QuestionTypes.Plane:
            {
                var (a, b) = Order(facts.Plane!, Other(vocabulary.Planes, facts.Plane!, random), random);
                return (random.Pick([$"is this image in the {a} or the {b} plane?", $"is this {QuestionWords.Article(a)} {a} or {QuestionWords.Article(b)} {b} view?"]), facts.Plane!);
            }
            case QuestionSlot.Sequence:
            {
                var (a, b) = Order(facts.Sequence!, Other(vocabulary.Sequences, facts.Sequence!, random), random);
                return (random.Pick([$"is the mr weighting {a} or {b}?", $"is this {QuestionWords.Article(a)} {a} or {QuestionWords.Article(b)} {b} image?"]), facts.Sequence!);
            }
            case QuestionSlot.Colour:
            {
                var truth = facts.Colour ? "colour" : "greyscale";
                var (a, b) = Order(truth, facts.Colour ? "greyscale" : "colour", random);
                return (random.Pick([$"is this {QuestionWords.Article(a)} {a} or {QuestionWords.Article(b)} {b} image?", $"is this image in {a} or in {b}?"]), truth);
            }
            case QuestionSlot.Eye:
            {
                var (a, b) = Order(facts.Eye!, QuestionWords.Opposite(facts.Eye!, "left", "right"), random);
                return ($"is this the {a} or the {b} eye?", facts.Eye!);
            }
            case QuestionTypes.Position:
            {
                var (a, b) = Order(facts.Lesions!.Side, QuestionWords.Opposite(facts.Lesions.Side, "left", "right"), random);
                return facts.LesionCount > 1 ? ($"are the lesions on the {a} or the {b} side?", facts.Lesions.Side) : ($"is the lesion on the {a} or the {b} side?", facts.Lesions.Side);
            }
            case QuestionTypes.Size:
            {
                var (a, b) = Order(facts.Lesions!.SizeClass, QuestionWords.Opposite(facts.Lesions.SizeClass, "small", "large"), random);
                return facts.LesionCount > 1 ? ($"are the lesions {a} or {b}?", facts.Lesions.SizeClass) : ($"is the lesion {a} or {b}?", facts.Lesions.SizeClass);
            }
            case QuestionTypes.Abnormality:
            {
                var (a, b) = Order(facts.Lesions!.Kind, QuestionWords.Opposite(facts.Lesions.Kind, "nodule", "cyst"), random);
                return facts.LesionCount > 1 ? ($"is each lesion a {a} or a {b}?", facts.Lesions.Kind) : ($"is the lesion a {a} or a {b}?", facts.Lesions.Kind);
            }
            default:
                throw new ArgumentOutOfRangeException(nameof(slot), slot, "no question names candidates for this slot");
        }
    }

    static (string First, string Second) Order(string truth, string other, DeterministicRandom random) => random.NextBool() ? (truth, other) : (other, truth);

    static string Other(IReadOnlyList<string> options, string truth, DeterministicRandom random) =>
        random.Pick(options.Where(option => option != truth).ToList());
}
