using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using MedPeft.Evaluation.Metrics;

namespace MedPeft.Evaluation;

/// <summary>
/// Writes scores for people (an aligned table) or for programs (one JSON object whose keys are
/// the COCO / project names: <c>bleu1</c>..<c>bleu4</c>, <c>meteor</c>, <c>rougeL</c>, <c>cider</c>;
/// <c>closed_accuracy</c>, <c>open_exact_match</c>, <c>open_recall</c>, <c>overall_accuracy</c>).
/// Values are fractions (0–1; CIDEr-D 0–10); a value that cannot be computed is null.
/// </summary>
internal static class ScoreOutput
{
    static readonly JsonWriterOptions JsonOptions = new() { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>The JSON object of report scores. <paramref name="wordnet"/> names the WordNet METEOR used (null: METEOR not computed).</summary>
    public static void WriteReportJson(TextWriter output, string source, ReportScores scores, string? wordnet) =>
        WriteJson(output, json =>
        {
            json.WriteString("task", "report");
            json.WriteString("predictions", source);
            json.WriteNumber("n_items", scores.Items.Count);
            json.WriteNumber("n_references", scores.Items.Sum(i => i.Tokenized.References.Count));
            for (var k = 0; k < scores.Bleu.Count; k++) json.WriteNumber($"bleu{k + 1}", scores.Bleu[k]);
            WriteNumberOrNull(json, "meteor", scores.Meteor);
            json.WriteNumber("meteor_exact_only", scores.MeteorExactOnly);
            json.WriteNumber("rougeL", scores.RougeL);
            json.WriteNumber("cider", scores.Cider);
            json.WriteStartObject("bleu_totals");
            json.WriteNumber("testlen", scores.BleuTotals.TestLength);
            json.WriteNumber("reflen", scores.BleuTotals.ReferenceLength);
            WriteIntegers(json, "guess", scores.BleuTotals.Guess);
            WriteIntegers(json, "correct", scores.BleuTotals.Correct);
            json.WriteEndObject();
            if (wordnet is null) json.WriteNull("wordnet");
            else json.WriteString("wordnet", wordnet);
        });

    /// <summary>The JSON object of Med-VQA scores, with the breakdowns per answer type and per question type.</summary>
    public static void WriteVqaJson(TextWriter output, string source, VqaScores scores) =>
        WriteJson(output, json =>
        {
            json.WriteString("task", "vqa");
            json.WriteString("predictions", source);
            WriteSummaryFields(json, scores.Corpus);
            json.WriteStartObject("by_answer_type");
            foreach (var (type, summary) in scores.ByAnswerType) WriteSummary(json, AnswerTypeName(type), summary);
            json.WriteEndObject();
            json.WriteStartObject("by_question_type");
            foreach (var (type, summary) in scores.ByQuestionType) WriteSummary(json, type, summary);
            json.WriteEndObject();
        });

    /// <summary>A table of report scores. <paramref name="wordnet"/> names the WordNet METEOR used (null: METEOR not computed).</summary>
    public static void WriteReportTable(TextWriter output, string source, ReportScores scores, string? wordnet)
    {
        output.WriteLine($"Report generation: {scores.Items.Count} reports, {scores.Items.Sum(i => i.Tokenized.References.Count)} references ({source})");
        output.WriteLine();
        var rows = new List<(string, string)>();
        for (var k = 0; k < scores.Bleu.Count; k++) rows.Add(($"BLEU-{k + 1}", Format(scores.Bleu[k])));
        rows.Add(("METEOR", Format(scores.Meteor)));
        rows.Add(("METEOR (exact only)", Format(scores.MeteorExactOnly)));
        rows.Add(("ROUGE-L", Format(scores.RougeL)));
        rows.Add(("CIDEr-D", Format(scores.Cider)));
        foreach (var (name, value) in rows) output.WriteLine($"  {name,-20}{value,8}");
        output.WriteLine();
        var totals = scores.BleuTotals;
        output.WriteLine($"BLEU counts: {totals.TestLength} candidate words, {totals.ReferenceLength} reference words (closest), matched n-grams "
            + string.Join(" ", totals.Correct.Zip(totals.Guess, (c, g) => $"{c}/{g}")));
        output.WriteLine(wordnet is null
            ? "METEOR not computed: no WordNet was given."
            : $"METEOR: NLTK 3.8 definition with {wordnet} (not coco-caption's METEOR 1.5).");
    }

    /// <summary>A table of Med-VQA scores: all questions, each answer type, each question type.</summary>
    public static void WriteVqaTable(TextWriter output, string source, VqaScores scores)
    {
        var corpus = scores.Corpus;
        output.WriteLine($"Med-VQA: {corpus.Items} questions ({corpus.Closed} closed, {corpus.Open} open) ({source})");
        output.WriteLine();
        var rows = new List<(string Name, VqaSummary Summary)> { ("all", corpus) };
        rows.AddRange(scores.ByAnswerType.Select(p => (AnswerTypeName(p.Key), p.Value)));
        rows.AddRange(scores.ByQuestionType.Select(p => ($"type {p.Key}", p.Value)));
        var width = Math.Max(12, rows.Max(r => r.Name.Length) + 2);
        output.WriteLine($"  {"".PadRight(width)}{"items",7}{"closed acc",12}{"open EM",10}{"open recall",13}{"overall",10}");
        foreach (var (name, s) in rows)
            output.WriteLine($"  {name.PadRight(width)}{s.Items,7}{Format(s.ClosedAccuracy),12}{Format(s.OpenExactMatch),10}{Format(s.OpenRecall),13}{Format(s.OverallAccuracy),10}");
        output.WriteLine();
        output.WriteLine("Closed: the answer must start with the right yes/no. Open: exact match after normalisation; recall = share of reference words in the answer.");
    }

    static string AnswerTypeName(VqaAnswerType type) => type == VqaAnswerType.Closed ? "CLOSED" : "OPEN";

    static string Format(double? value) => value is { } v ? v.ToString("0.0000", CultureInfo.InvariantCulture) : "-";

    static void WriteJson(TextWriter output, Action<Utf8JsonWriter> writeFields)
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer, JsonOptions))
        {
            json.WriteStartObject();
            writeFields(json);
            json.WriteEndObject();
        }
        output.WriteLine(System.Text.Encoding.UTF8.GetString(buffer.ToArray()));
    }

    static void WriteSummary(Utf8JsonWriter json, string name, VqaSummary summary)
    {
        json.WriteStartObject(name);
        WriteSummaryFields(json, summary);
        json.WriteEndObject();
    }

    static void WriteSummaryFields(Utf8JsonWriter json, VqaSummary summary)
    {
        json.WriteNumber("n_items", summary.Items);
        json.WriteNumber("n_open", summary.Open);
        json.WriteNumber("n_closed", summary.Closed);
        WriteNumberOrNull(json, "closed_accuracy", summary.ClosedAccuracy);
        WriteNumberOrNull(json, "open_exact_match", summary.OpenExactMatch);
        WriteNumberOrNull(json, "open_recall", summary.OpenRecall);
        WriteNumberOrNull(json, "overall_accuracy", summary.OverallAccuracy);
        WriteNumberOrNull(json, "exact_match_all_items", summary.ExactMatchAllItems);
        WriteNumberOrNull(json, "recall_all_items", summary.RecallAllItems);
    }

    static void WriteNumberOrNull(Utf8JsonWriter json, string name, double? value)
    {
        if (value is { } v) json.WriteNumber(name, v);
        else json.WriteNull(name);
    }

    static void WriteIntegers(Utf8JsonWriter json, string name, IEnumerable<int> values)
    {
        json.WriteStartArray(name);
        foreach (var value in values) json.WriteNumberValue(value);
        json.WriteEndArray();
    }
}
