namespace MedPeft.Data.BuiltIn.Real;

/// <summary>
/// Puts every subject in one split, modality by modality, so no person or specimen is in two splits and
/// each split sees the modalities that have subjects enough. Within a modality the subject with the most
/// images trains (a modality with one subject is only in train); the others, shuffled by the seed, go to
/// test, validation, train, test, ... in turn.
/// </summary>
static class SubjectSplits
{
    static readonly string[] Rotation = [DatasetSplits.Test, DatasetSplits.Validation, DatasetSplits.Train];

    public static Dictionary<string, string> Assign(IEnumerable<(string Subject, string Modality, int Images)> subjects, DeterministicRandom random)
    {
        var result = new Dictionary<string, string>();
        foreach (var modality in subjects.GroupBy(s => s.Modality).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            var bySize = modality.OrderByDescending(s => s.Images).ThenBy(s => s.Subject, StringComparer.Ordinal).ToList();
            result[bySize[0].Subject] = DatasetSplits.Train;
            var rest = bySize.Skip(1).Select(s => s.Subject).Order(StringComparer.Ordinal).ToList();
            random.Shuffle(rest);
            for (var i = 0; i < rest.Count; i++) result[rest[i]] = Rotation[i % Rotation.Length];
        }
        return result;
    }
}
