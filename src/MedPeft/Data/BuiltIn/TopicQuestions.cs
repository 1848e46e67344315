namespace MedPeft.Data.BuiltIn;

/// <summary>The open and yes/no questions about an image's MRI sequence, colour and eye (<see cref="QuestionSlot.Topic"/>).</summary>
internal static class TopicQuestions
{
    /// <summary>The question and its answer; a yes/no question is built for <paramref name="yes"/>.</summary>
    public static (string Question, string Answer) Write(QuestionSlot slot, bool yes, ImageFacts facts, DeterministicRandom random) => slot.Topic switch
    {
        QuestionSlot.Sequence => (random.Pick(["what is the mr weighting in this image?", "which mri sequence is this image?"]), facts.Sequence!),
        QuestionSlot.Eye => (random.Pick(["which eye is shown in this image?", "which eye is this?"]), facts.Eye!),
        QuestionSlot.Colour => (facts.Colour == yes ? "is this a colour image?" : "is this a greyscale image?", yes ? "yes" : "no"),
        _ => throw new ArgumentOutOfRangeException(nameof(slot), slot, "not a topic question"),
    };
}
