namespace MedPeft.Evaluation.Metrics.WordNet;

/// <summary>The four parts of speech of the WordNet database, in the order NLTK searches them.</summary>
internal enum WordNetPartOfSpeech
{
    Noun,
    Verb,
    Adjective,
    Adverb,
}

static class WordNetPartOfSpeechExtensions
{
    /// <summary>The name part of the database files (<c>index.noun</c>, <c>data.adj</c>, <c>verb.exc</c>).</summary>
    public static string FileSuffix(this WordNetPartOfSpeech pos) => pos switch
    {
        WordNetPartOfSpeech.Noun => "noun",
        WordNetPartOfSpeech.Verb => "verb",
        WordNetPartOfSpeech.Adjective => "adj",
        WordNetPartOfSpeech.Adverb => "adv",
        _ => throw new ArgumentOutOfRangeException(nameof(pos)),
    };

    public static string IndexFileName(this WordNetPartOfSpeech pos) => $"index.{pos.FileSuffix()}";

    public static string DataFileName(this WordNetPartOfSpeech pos) => $"data.{pos.FileSuffix()}";

    public static string ExceptionFileName(this WordNetPartOfSpeech pos) => $"{pos.FileSuffix()}.exc";

    /// <summary>
    /// Morphy's detachment rules (suffix → replacement) as NLTK applies them: WordNet's own list
    /// (morphy(7WN)) plus NLTK's noun rule <c>-ves</c> → <c>-f</c>.
    /// </summary>
    public static IReadOnlyList<(string Suffix, string Replacement)> DetachmentRules(this WordNetPartOfSpeech pos) => pos switch
    {
        WordNetPartOfSpeech.Noun => NounRules,
        WordNetPartOfSpeech.Verb => VerbRules,
        WordNetPartOfSpeech.Adjective => AdjectiveRules,
        WordNetPartOfSpeech.Adverb => [],
        _ => throw new ArgumentOutOfRangeException(nameof(pos)),
    };

    static readonly (string, string)[] NounRules =
        [("s", ""), ("ses", "s"), ("ves", "f"), ("xes", "x"), ("zes", "z"), ("ches", "ch"), ("shes", "sh"), ("men", "man"), ("ies", "y")];

    static readonly (string, string)[] VerbRules =
        [("s", ""), ("ies", "y"), ("es", "e"), ("es", ""), ("ed", "e"), ("ed", ""), ("ing", "e"), ("ing", "")];

    static readonly (string, string)[] AdjectiveRules = [("er", ""), ("est", ""), ("er", "e"), ("est", "e")];
}
