using System.Globalization;

namespace MedPeft.Experiments.Reporting;

/// <summary>How costs read in the tables: compact counts, percentages, binary memory units, durations.</summary>
static class ReportFormat
{
    /// <summary>What a cell shows when a row has no such value (reference rows have no costs).</summary>
    public const string Missing = "–";

    static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    /// <summary>A parameter count: 768, 12.3k, 1.23M, 7.24B.</summary>
    public static string Count(long? count)
    {
        if (count is not { } n) return Missing;
        if (Math.Abs(n) < 1_000) return n.ToString(Invariant);
        // Pick the unit after rounding, so 999,999 reads 1M rather than 1000k.
        string[] units = ["k", "M", "B"];
        for (var u = 0; ; u++)
        {
            var scaled = n / Math.Pow(1000, u + 1);
            if (Math.Abs(scaled) < 999.5 || u == units.Length - 1) return Significant(scaled) + units[u];
        }
    }

    /// <summary>A value already in percent (0–100): 61.9%, 1.23%, 0.0512%.</summary>
    public static string Percent(double? percent) => percent is { } p ? Significant(p) + "%" : Missing;

    /// <summary>Bytes in binary units, as the training log prints them: 812 MiB, 4.02 GiB.</summary>
    public static string Bytes(long? bytes)
    {
        if (bytes is not { } b) return Missing;
        const double MiB = 1024 * 1024, GiB = 1024 * MiB;
        return b >= GiB ? Significant(b / GiB) + " GiB" : Significant(b / MiB) + " MiB";
    }

    /// <summary>Seconds per step with three significant digits.</summary>
    public static string Seconds(double? seconds) => seconds is { } s ? Significant(s) : Missing;

    /// <summary>A wall time: 45.2 s, 12m 05s, 1h 02m.</summary>
    public static string Duration(double? seconds)
    {
        if (seconds is not { } s) return Missing;
        if (!double.IsFinite(s)) return s.ToString(Invariant);
        if (s < 60) return s.ToString("0.0", Invariant) + " s";
        var whole = (long)Math.Round(s, MidpointRounding.AwayFromZero);
        return whole < 3600 ? $"{whole / 60}m {whole % 60:00}s" : $"{whole / 3600}h {whole / 60 % 60:00}m";
    }

    /// <summary>A fixed number of decimals, invariant culture.</summary>
    public static string Fixed(double value, int decimals) => value.ToString("F" + decimals, Invariant);

    /// <summary>Three significant digits for values under 100 (never fewer than the whole part): 0.0512, 1.23, 61.9, 512.</summary>
    public static string Significant(double value)
    {
        if (!double.IsFinite(value)) return value.ToString(Invariant);
        var magnitude = Math.Abs(value);
        if (magnitude == 0) return "0";
        if (magnitude >= 100) return value.ToString("0", Invariant);
        var decimals = Math.Max(0, 2 - (int)Math.Floor(Math.Log10(magnitude)));
        return Math.Round(value, decimals).ToString("0." + new string('#', decimals), Invariant);
    }
}
