namespace MedPeft.Data.BuiltIn;

/// <summary>
/// A short report per image in IU-Xray style (findings, then impression), written from the image's
/// facts alone: "axial ct of the head at the level of the lateral ventricles. the skull, brain and
/// lateral ventricles are shown. two small round nodules in the left hemisphere, up to 14 mm.
/// impression: two nodules in the left hemisphere."
/// </summary>
internal static class ReportTemplate
{
    static readonly string[] Counts = ["no", "a single", "two", "three"];

    public static string Write(ImageFacts facts, string? subject = null)
    {
        var sentences = new List<string> { Opening(facts, subject) };
        if (facts.Organs.Count > 0)
            sentences.Add($"the {JoinWords(facts.Organs)} {(facts.Organs.Count > 1 || facts.Organs[0].EndsWith('s') ? "are" : "is")} shown");
        if (facts.Lesions is { } lesions)
        {
            var count = Counts[Math.Min(facts.LesionCount, Counts.Length - 1)];
            var kind = facts.LesionCount > 1 ? lesions.Kind + "s" : lesions.Kind;
            var where = lesions.Vertical is null ? $"the {lesions.Location}" : $"the {lesions.Vertical} part of the {lesions.Location}";
            sentences.Add($"{count} {lesions.SizeClass} {lesions.Shape} {kind} in {where}, up to {(int)Math.Round(lesions.LargestDiameterMm)} mm");
            sentences.Add($"impression: {count} {kind} in the {lesions.Location}");
        }
        else
        {
            sentences.Add("no focal lesion is seen");
            sentences.Add("impression: normal study");
        }
        return string.Join(". ", sentences) + ".";
    }

    static string Opening(ImageFacts facts, string? subject)
    {
        if (subject is not null) return subject;
        if (facts.Modality == "x-ray") return $"frontal x-ray of the {facts.Region}";
        var opening = $"{facts.Plane} {facts.Modality} of the {facts.Region}";
        return facts.Level is null ? opening : $"{opening} at the level of the {facts.Level}";
    }

    /// <summary>"a", "a and b", "a, b and c".</summary>
    public static string JoinWords(IReadOnlyList<string> words) =>
        words.Count <= 1 ? string.Concat(words) : $"{string.Join(", ", words.Take(words.Count - 1))} and {words[^1]}";
}
