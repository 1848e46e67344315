using System.CommandLine;
using System.Text.RegularExpressions;

namespace MedPeft.Cli;

/// <summary>
/// Which option sets which library setting (<c>Type.Property</c>), so that a library message about a
/// setting reaches the user in the command line's words: "TrainingOptions.LearningRate must be a
/// positive number" is printed as "--lr must be a positive number".
/// </summary>
internal static class SettingNames
{
    static readonly Dictionary<string, string> FlagOf = new(StringComparer.Ordinal);
    static readonly object Gate = new();

    /// <summary>Records that <paramref name="option"/> sets <paramref name="setting"/>; returns the option.</summary>
    public static TOption Sets<TOption>(this TOption option, string setting) where TOption : Option
    {
        lock (Gate) FlagOf[setting] = option.Name;
        return option;
    }

    /// <summary>The message with every setting an option sets replaced by that option's flag.</summary>
    public static string Reword(string message)
    {
        lock (Gate)
        {
            if (FlagOf.Count == 0) return message;
            var pattern = string.Join("|", FlagOf.Keys.OrderByDescending(k => k.Length).Select(Regex.Escape));
            return Regex.Replace(message, $@"\b(?:{pattern})\b", m => FlagOf[m.Value]);
        }
    }
}
