namespace MedPeft.Data.BuiltIn;

/// <summary>
/// Chooses the questions of one split. Every image gets K-1 questions drawn uniformly from the
/// slots that apply to any image, so whether an image is normal does not change what it is asked
/// (half the "is this image abnormal?" questions then show abnormal images); an abnormal image gets
/// two more about its lesions. That averages K questions per image when half the images are abnormal.
/// Yes/no questions of each type get "yes" and "no" in turn over a shuffled order: exactly balanced.
/// </summary>
internal static class VqaSampler
{
    /// <summary>An image of a split: its id (used in question ids), its path relative to the dataset folder, and what is true of it.</summary>
    public sealed record Item(string Id, string Image, ImageFacts Facts);

    /// <param name="choices">Also ask closed questions that name their candidates and those about MRI sequence, colour and eye (<see cref="QuestionSlot.General"/>).</param>
    public static List<VqaRow> Sample(IReadOnlyList<Item> items, int questionsPerImage, QuestionVocabulary vocabulary, DeterministicRandom random, bool choices = false)
    {
        var general = Math.Max(1, questionsPerImage - 1);
        var aboutLesions = questionsPerImage >= 2 ? 2 : 0;
        var chosen = new List<(Item Item, QuestionSlot Slot)>();
        foreach (var item in items)
        {
            chosen.AddRange(Draw(QuestionSlot.General(item.Facts, vocabulary, choices).ToList(), general, random).Select(slot => (item, slot)));
            chosen.AddRange(Draw(QuestionSlot.AboutLesions(item.Facts, choices).ToList(), aboutLesions, random).Select(slot => (item, slot)));
        }

        var answers = new bool[chosen.Count];
        foreach (var group in Enumerable.Range(0, chosen.Count).Where(i => chosen[i].Slot.YesNo).GroupBy(i => (chosen[i].Slot.Type, chosen[i].Slot.AboutLesion, chosen[i].Slot.Topic)))
        {
            var order = group.ToList();
            random.Shuffle(order);
            var yes = random.NextBool();
            foreach (var index in order)
            {
                answers[index] = yes;
                yes = !yes;
            }
        }

        var rows = new List<VqaRow>(chosen.Count);
        var perImage = new Dictionary<string, int>();
        for (var i = 0; i < chosen.Count; i++)
        {
            var (item, slot) = chosen[i];
            var number = perImage[item.Id] = perImage.GetValueOrDefault(item.Id) + 1;
            var id = $"{item.Id}-q{number}";
            var (question, answer) = slot switch
            {
                { Choice: true } => CandidateQuestions.Write(slot, item.Facts, vocabulary, random),
                { Topic: not null } => TopicQuestions.Write(slot, answers[i], item.Facts, random),
                { Closed: true } => (QuestionTemplates.ClosedQuestion(slot.Type, answers[i], item.Facts, vocabulary, random, slot.AboutLesion), answers[i] ? "yes" : "no"),
                _ => (QuestionTemplates.OpenQuestion(slot.Type, item.Facts, random), QuestionTemplates.OpenAnswer(slot.Type, item.Facts)),
            };
            rows.Add(new VqaRow(id, item.Image, question, answer, slot.Closed ? VqaRow.Closed : VqaRow.Open, slot.Type));
        }
        return rows;
    }

    /// <summary>Up to <paramref name="count"/> distinct slots, uniformly, kept in catalogue order.</summary>
    static IEnumerable<QuestionSlot> Draw(List<QuestionSlot> slots, int count, DeterministicRandom random)
    {
        var indices = Enumerable.Range(0, slots.Count).ToList();
        random.Shuffle(indices);
        return indices.Take(count).Order().Select(i => slots[i]);
    }
}
