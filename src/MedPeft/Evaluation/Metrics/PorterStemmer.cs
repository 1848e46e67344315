namespace MedPeft.Evaluation.Metrics;

/// <summary>
/// The Porter stemmer (M. F. Porter, "An algorithm for suffix stripping", Program 14(3), 1980) with
/// the extensions NLTK enables by default (<c>PorterStemmer()</c>, mode <c>NLTK_EXTENSIONS</c>),
/// which NLTK's METEOR uses for its stem stage:
/// <list type="bullet">
/// <item>a table of irregular forms (<c>skies</c>→<c>sky</c>, <c>dying</c>→<c>die</c>, <c>proceed</c>, ...);</item>
/// <item>words of one or two letters are returned unchanged;</item>
/// <item>step 1a: a four-letter <c>-ies</c> word keeps <c>ie</c> (<c>ties</c>→<c>tie</c>);</item>
/// <item>step 1b: <c>-ied</c> becomes <c>ie</c> in four-letter words, else <c>i</c>; the *o test also
/// holds for a two-letter vowel–consonant stem;</item>
/// <item>step 1c: <c>y</c>→<c>i</c> only after a consonant that is not the first letter;</item>
/// <item>step 2: <c>bli</c>→<c>ble</c> (not <c>abli</c>), <c>alli</c>→<c>al</c> tried first and then
/// step 2 again, <c>fulli</c>→<c>ful</c>, and <c>logi</c>→<c>log</c> measured with the <c>l</c>.</item>
/// </list>
/// Expects lower-case words (the input is lower-cased first, but irregular forms are looked up as given, as NLTK does).
/// </summary>
internal static class PorterStemmer
{
    static readonly Dictionary<string, string> IrregularForms = new(StringComparer.Ordinal)
    {
        ["sky"] = "sky",
        ["skies"] = "sky",
        ["dying"] = "die",
        ["lying"] = "lie",
        ["tying"] = "tie",
        ["news"] = "news",
        ["innings"] = "inning",
        ["inning"] = "inning",
        ["outings"] = "outing",
        ["outing"] = "outing",
        ["cannings"] = "canning",
        ["canning"] = "canning",
        ["howe"] = "howe",
        ["proceed"] = "proceed",
        ["exceed"] = "exceed",
        ["succeed"] = "succeed",
    };

    /// <summary>A suffix rule: when the word ends with <c>Suffix</c>, the rule decides, and replaces the
    /// suffix by <c>Replacement</c> if <c>Condition</c> holds for the rest of the word.</summary>
    readonly record struct Rule(string Suffix, string Replacement, Func<string, bool> Condition);

    static bool PositiveMeasure(string stem) => Measure(stem) > 0;
    static bool MeasureAboveOne(string stem) => Measure(stem) > 1;

    static readonly Rule[] Step1aRules =
    [
        new("sses", "ss", _ => true),
        new("ies", "i", _ => true),
        new("ss", "ss", _ => true),
        new("s", "", _ => true),
    ];

    static readonly Rule[] Step2Rules =
    [
        new("ational", "ate", PositiveMeasure),
        new("tional", "tion", PositiveMeasure),
        new("enci", "ence", PositiveMeasure),
        new("anci", "ance", PositiveMeasure),
        new("izer", "ize", PositiveMeasure),
        new("bli", "ble", PositiveMeasure),
        new("alli", "al", PositiveMeasure),
        new("entli", "ent", PositiveMeasure),
        new("eli", "e", PositiveMeasure),
        new("ousli", "ous", PositiveMeasure),
        new("ization", "ize", PositiveMeasure),
        new("ation", "ate", PositiveMeasure),
        new("ator", "ate", PositiveMeasure),
        new("alism", "al", PositiveMeasure),
        new("iveness", "ive", PositiveMeasure),
        new("fulness", "ful", PositiveMeasure),
        new("ousness", "ous", PositiveMeasure),
        new("aliti", "al", PositiveMeasure),
        new("iviti", "ive", PositiveMeasure),
        new("biliti", "ble", PositiveMeasure),
        new("fulli", "ful", PositiveMeasure),
        // The "l" stays with the stem when measuring, so short stems (geo-, theo-) qualify.
        new("logi", "log", stem => PositiveMeasure(stem + "l")),
    ];

    static readonly Rule[] Step3Rules =
    [
        new("icate", "ic", PositiveMeasure),
        new("ative", "", PositiveMeasure),
        new("alize", "al", PositiveMeasure),
        new("iciti", "ic", PositiveMeasure),
        new("ical", "ic", PositiveMeasure),
        new("ful", "", PositiveMeasure),
        new("ness", "", PositiveMeasure),
    ];

    static readonly Rule[] Step4Rules =
    [
        new("al", "", MeasureAboveOne),
        new("ance", "", MeasureAboveOne),
        new("ence", "", MeasureAboveOne),
        new("er", "", MeasureAboveOne),
        new("ic", "", MeasureAboveOne),
        new("able", "", MeasureAboveOne),
        new("ible", "", MeasureAboveOne),
        new("ant", "", MeasureAboveOne),
        new("ement", "", MeasureAboveOne),
        new("ment", "", MeasureAboveOne),
        new("ent", "", MeasureAboveOne),
        new("ion", "", stem => MeasureAboveOne(stem) && stem[^1] is 's' or 't'),
        new("ou", "", MeasureAboveOne),
        new("ism", "", MeasureAboveOne),
        new("ate", "", MeasureAboveOne),
        new("iti", "", MeasureAboveOne),
        new("ous", "", MeasureAboveOne),
        new("ive", "", MeasureAboveOne),
        new("ize", "", MeasureAboveOne),
    ];

    /// <summary>The stem of <paramref name="word"/>.</summary>
    public static string Stem(string word)
    {
        if (IrregularForms.TryGetValue(word, out var irregular)) return irregular;
        var stem = word.ToLowerInvariant();
        if (stem.Length <= 2) return stem;
        stem = Step1a(stem);
        stem = Step1b(stem);
        stem = Step1c(stem);
        stem = Step2(stem);
        stem = ApplyFirstMatching(stem, Step3Rules);
        stem = ApplyFirstMatching(stem, Step4Rules);
        stem = Step5a(stem);
        return Step5b(stem);
    }

    /// <summary>The first rule whose suffix the word ends with decides, whether or not its condition holds.</summary>
    static string ApplyFirstMatching(string word, Rule[] rules)
    {
        foreach (var rule in rules)
        {
            if (!word.EndsWith(rule.Suffix, StringComparison.Ordinal)) continue;
            var stem = word[..^rule.Suffix.Length];
            return rule.Condition(stem) ? stem + rule.Replacement : word;
        }
        return word;
    }

    // NLTK: a four-letter -ies word keeps its e ("ties" -> "tie", but "flies" -> "fli").
    static string Step1a(string word) =>
        word.Length == 4 && word.EndsWith("ies", StringComparison.Ordinal) ? word[..^1] : ApplyFirstMatching(word, Step1aRules);

    static string Step1b(string word)
    {
        if (word.EndsWith("ied", StringComparison.Ordinal)) return word[..^3] + (word.Length == 4 ? "ie" : "i");
        if (word.EndsWith("eed", StringComparison.Ordinal)) return PositiveMeasure(word[..^3]) ? word[..^1] : word;

        string stem;
        if (word.EndsWith("ed", StringComparison.Ordinal) && ContainsVowel(word[..^2])) stem = word[..^2];
        else if (word.EndsWith("ing", StringComparison.Ordinal) && ContainsVowel(word[..^3])) stem = word[..^3];
        else return word;

        // Tidy up after removing -ed or -ing.
        if (stem.EndsWith("at", StringComparison.Ordinal) || stem.EndsWith("bl", StringComparison.Ordinal) || stem.EndsWith("iz", StringComparison.Ordinal))
            return stem + "e";
        if (EndsWithDoubleConsonant(stem)) return stem[^1] is 'l' or 's' or 'z' ? stem : stem[..^1];
        return Measure(stem) == 1 && EndsConsonantVowelConsonant(stem) ? stem + "e" : stem;
    }

    static string Step1c(string word)
    {
        if (!word.EndsWith('y')) return word;
        var stem = word[..^1];
        return stem.Length > 1 && IsConsonant(stem, stem.Length - 1) ? stem + "i" : word;
    }

    static string Step2(string word)
    {
        // NLTK applies -alli -> -al before the other rules and then runs step 2 again on the result.
        if (word.EndsWith("alli", StringComparison.Ordinal) && PositiveMeasure(word[..^4])) return Step2(word[..^4] + "al");
        return ApplyFirstMatching(word, Step2Rules);
    }

    static string Step5a(string word)
    {
        if (!word.EndsWith('e')) return word;
        var stem = word[..^1];
        var measure = Measure(stem);
        return measure > 1 || (measure == 1 && !EndsConsonantVowelConsonant(stem)) ? stem : word;
    }

    static string Step5b(string word) =>
        word.EndsWith("ll", StringComparison.Ordinal) && MeasureAboveOne(word[..^1]) ? word[..^1] : word;

    /// <summary>A letter other than a, e, i, o, u, and other than a y that follows a consonant.</summary>
    static bool IsConsonant(string word, int i) => word[i] switch
    {
        'a' or 'e' or 'i' or 'o' or 'u' => false,
        'y' => i == 0 || !IsConsonant(word, i - 1),
        _ => true,
    };

    /// <summary>m in [C](VC){m}[V]: the number of vowel-to-consonant transitions.</summary>
    static int Measure(string stem)
    {
        var m = 0;
        for (var i = 0; i + 1 < stem.Length; i++)
            if (!IsConsonant(stem, i) && IsConsonant(stem, i + 1)) m++;
        return m;
    }

    static bool ContainsVowel(string stem)
    {
        for (var i = 0; i < stem.Length; i++)
            if (!IsConsonant(stem, i)) return true;
        return false;
    }

    static bool EndsWithDoubleConsonant(string word) =>
        word.Length >= 2 && word[^1] == word[^2] && IsConsonant(word, word.Length - 1);

    /// <summary>*o: the word ends consonant–vowel–consonant and the last is not w, x or y; or (NLTK) it is a two-letter vowel–consonant word.</summary>
    static bool EndsConsonantVowelConsonant(string word) =>
        (word.Length >= 3 && IsConsonant(word, word.Length - 3) && !IsConsonant(word, word.Length - 2)
            && IsConsonant(word, word.Length - 1) && word[^1] is not ('w' or 'x' or 'y'))
        || (word.Length == 2 && !IsConsonant(word, 0) && IsConsonant(word, 1));
}
