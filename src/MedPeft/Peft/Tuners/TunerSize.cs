namespace MedPeft.Peft.Tuners;

/// <summary>The range of a tuner's size settings (a rank, a number of tokens, a width).</summary>
internal static class TunerSize
{
    /// <summary>
    /// The largest size: far above any useful adapter. A larger one is a damaged file or a typo, and would
    /// allocate more than memory holds when the tuner is applied.
    /// </summary>
    public const int Max = 1 << 16;

    /// <summary>Throws <see cref="InvalidSettingException"/> for <paramref name="setting"/> unless 1 &lt;= <paramref name="value"/> &lt;= <see cref="Max"/>.</summary>
    public static void Require(int value, string setting)
    {
        Setting.Require(value >= 1, setting, $"must be at least 1 (got {value})");
        Setting.Require(value <= Max, setting, $"must be at most {Max} (got {value})");
    }
}
