namespace MedPeft.Data.BuiltIn;

/// <summary>
/// Assigns whole groups of images (one image, or every slice of one source volume) to train,
/// validation and test, so nothing derived from one source is seen in two splits.
/// </summary>
internal static class DatasetSplits
{
    public const string Train = "train", Validation = "validation", Test = "test";

    public static readonly IReadOnlyList<string> All = [Train, Validation, Test];

    /// <summary>The name R2Gen's annotation.json uses for a split.</summary>
    public static string ReportSplitName(string split) => split == Validation ? "val" : split;

    /// <summary>
    /// Split of every group: groups are shuffled, then the first 70% (rounded) go to train, the next 10% to
    /// validation and the rest to test; each split gets at least one group when there are three or more.
    /// </summary>
    public static Dictionary<string, string> Assign(IEnumerable<string> groups, DeterministicRandom random, double trainFraction = 0.7, double validationFraction = 0.1)
    {
        var order = groups.Distinct().Order(StringComparer.Ordinal).ToList();
        random.Shuffle(order);
        var validation = order.Count >= 3 ? Math.Max(1, (int)Math.Round(order.Count * validationFraction)) : 0;
        var train = (int)Math.Round(order.Count * trainFraction);
        if (order.Count >= 3) train = Math.Clamp(train, 1, order.Count - validation - 1);
        var result = new Dictionary<string, string>();
        for (var i = 0; i < order.Count; i++)
            result[order[i]] = i < train ? Train : i < train + validation ? Validation : Test;
        return result;
    }
}
