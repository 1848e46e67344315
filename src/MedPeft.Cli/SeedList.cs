using System.Globalization;

namespace MedPeft.Cli;

/// <summary>The <c>--seeds</c> value: a count N (the seeds first, first + 1, ..., first + N − 1) or a comma-separated list.</summary>
internal static class SeedList
{
    public static IReadOnlyList<int> Parse(string text, int first)
    {
        var parts = text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        var numbers = parts.Select(p => int.TryParse(p, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) ? n : (int?)null).ToList();
        if (parts.Length == 0 || numbers.Any(n => n is null))
            throw new MedPeftException($"--seeds '{text}': expected a number of seeds (e.g. 3) or a comma-separated list of seeds (e.g. 1,2,3).");
        if (parts.Length > 1) return numbers.Select(n => n!.Value).ToList();
        int count = numbers[0]!.Value;
        if (count < 1) throw new MedPeftException($"--seeds {count}: expected at least 1 seed.");
        return Enumerable.Range(0, count).Select(i => first + i).ToList();
    }
}
