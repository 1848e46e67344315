using System.Text;

namespace MedPeft.Evaluation.Metrics;

/// <summary>
/// The text preparation every metric of this folder starts from: lower-case, replace each of the
/// 32 ASCII punctuation characters (Python's <c>string.punctuation</c>) by a space, split on
/// whitespace. So <c>well-expanded</c> gives <c>well expanded</c> and <c>1.5</c> gives <c>1 5</c>.
/// </summary>
internal static class PunctuationTokenizer
{
    const string Punctuation = "!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~";

    /// <summary>The words of <paramref name="text"/>.</summary>
    public static string[] Words(string text)
    {
        var spaced = new StringBuilder(text.Length);
        foreach (var c in text.ToLowerInvariant()) spaced.Append(Punctuation.Contains(c) ? ' ' : c);
        return SplitOnWhitespace(spaced.ToString());
    }

    /// <summary>The words of <paramref name="text"/> joined by single spaces (empty when there are none).</summary>
    public static string Tokenize(string text) => string.Join(' ', Words(text));

    /// <summary>Splits text on runs of whitespace and drops empty pieces, as Python's <c>str.split()</c> does.</summary>
    public static string[] SplitOnWhitespace(string text)
    {
        var words = new List<string>();
        var start = -1;
        for (var i = 0; i <= text.Length; i++)
        {
            var boundary = i == text.Length || IsPythonWhitespace(text[i]);
            if (boundary && start >= 0)
            {
                words.Add(text[start..i]);
                start = -1;
            }
            else if (!boundary && start < 0) start = i;
        }
        return words.ToArray();
    }

    // Python's str.isspace() also counts the four ASCII separators 0x1C-0x1F; .NET's does not.
    static bool IsPythonWhitespace(char c) => char.IsWhiteSpace(c) || c is >= '\x1c' and <= '\x1f';
}
