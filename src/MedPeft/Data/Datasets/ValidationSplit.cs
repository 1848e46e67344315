namespace MedPeft.Data.Datasets;

/// <summary>Moves a share of the training images, with all their rows, to a validation split.</summary>
internal static class ValidationSplit
{
    /// <summary>
    /// Shuffles the distinct images (sorted first, so the file order does not matter) with
    /// <paramref name="seed"/> and moves round(fraction x images) of them, at least one when there are
    /// two or more, to validation. No image ends up in both splits; row order is kept.
    /// </summary>
    public static (List<DatasetRow> Train, List<DatasetRow> Validation) CarveByImage(IReadOnlyList<DatasetRow> rows, double fraction, int seed)
    {
        if (fraction is < 0 or >= 1) throw new MedPeftException($"validation fraction {fraction} must be in [0, 1).");
        static string Key(DatasetRow row) => string.Join('\n', row.ImagePaths);
        var images = rows.Select(Key).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToArray();
        int count = (int)Math.Round(fraction * images.Length, MidpointRounding.AwayFromZero);
        if (fraction > 0 && images.Length >= 2) count = Math.Clamp(count, 1, images.Length - 1);
        var order = new DeterministicRandom(seed, 0x7A11D).Permutation(images.Length);
        var chosen = order.Take(count).Select(i => images[i]).ToHashSet(StringComparer.Ordinal);
        var train = new List<DatasetRow>();
        var validation = new List<DatasetRow>();
        foreach (var row in rows)
        {
            if (chosen.Contains(Key(row))) validation.Add(row with { Split = DatasetSplit.Validation });
            else train.Add(row);
        }
        return (train, validation);
    }
}
