using System.Globalization;
using System.Text.RegularExpressions;

namespace MedPeft.Cli;

/// <summary>Memory sizes as the command line takes and prints them: <c>24GiB</c>, <c>512MiB</c>, <c>1.5G</c>, or bytes.</summary>
internal static partial class MemorySize
{
    /// <summary>
    /// Bytes of <paramref name="text"/>: a number with an optional unit B, KiB/K, MiB/M, GiB/G or TiB/T (powers of 1024;
    /// KB, MB, GB, TB are read as the same powers).
    /// </summary>
    public static long Parse(string option, string text)
    {
        var match = Size().Match(text.Trim());
        if (!match.Success)
            throw new MedPeftException($"{option} '{text}': expected a size such as 24GiB, 512MiB or a number of bytes.");
        double number = double.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture);
        int power = "BKMGT".IndexOf(char.ToUpperInvariant(match.Groups[2].Value.FirstOrDefault('B')));
        double bytes = number * Math.Pow(1024, power);
        return bytes is >= 1 and < long.MaxValue ? (long)bytes : throw new MedPeftException($"{option} '{text}': the size must be at least one byte.");
    }

    /// <summary>Bytes in the largest binary unit that keeps the number at least 1, e.g. <c>6.78 GiB</c>.</summary>
    public static string Format(long bytes)
    {
        string[] units = ["B", "KiB", "MiB", "GiB", "TiB"];
        double value = bytes;
        int unit = 0;
        while (Math.Abs(value) >= 1024 && unit < units.Length - 1)
        {
            value /= 1024;
            unit++;
        }
        return unit == 0 ? $"{bytes} B" : string.Create(CultureInfo.InvariantCulture, $"{value:0.00} {units[unit]}");
    }

    [GeneratedRegex(@"^([0-9]+(?:\.[0-9]+)?)\s*(B|[KMGT](?:i?B)?)?$", RegexOptions.IgnoreCase)]
    private static partial Regex Size();
}
