namespace MedPeft.Data.BuiltIn;

/// <summary>Small wording helpers the question templates share.</summary>
internal static class QuestionWords
{
    /// <summary>"a" or "an" before a word as it is spoken ("an mri", "an x-ray", "a ct").</summary>
    public static string Article(string word) => word.StartsWith("mri") || word.StartsWith("x-") || "aeiou".Contains(word[0]) ? "an" : "a";

    /// <summary>The other of two values.</summary>
    public static string Opposite(string value, string first, string second) => value == first ? second : first;
}
