namespace MedPeft;

/// <summary>
/// A setting of a run — a property of an options record, named <c>Type.Property</c> such as
/// <c>TrainingOptions.LearningRate</c> — with a value it cannot take. The message names the setting
/// as the library knows it; a front end re-words it in its own vocabulary (the command line prints
/// the option's flag instead, see the tool's setting names).
/// </summary>
public sealed class InvalidSettingException(string setting, string problem) : MedPeftException($"{setting} {problem}.")
{
    /// <summary>The setting, <c>Type.Property</c>.</summary>
    public string Setting { get; } = setting;

    /// <summary>What is wrong with its value, e.g. "must be at least 1 (got 0)".</summary>
    public string Problem { get; } = problem;
}

/// <summary>Names of settings and the one check their validation uses.</summary>
internal static class Setting
{
    /// <summary>The name of a setting: <c>Type.Property</c>.</summary>
    public static string Name<T>(string property) => $"{typeof(T).Name}.{property}";

    /// <summary>Throws <see cref="InvalidSettingException"/> unless <paramref name="condition"/> holds.</summary>
    public static void Require(bool condition, string setting, string problem)
    {
        if (!condition) throw new InvalidSettingException(setting, problem);
    }
}
