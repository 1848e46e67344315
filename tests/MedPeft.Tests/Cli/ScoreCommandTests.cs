using System.Text.Json;
using MedPeft.Cli;
using MedPeft.Tests.Evaluation.Metrics;

namespace MedPeft.Tests.Cli;

public sealed class ScoreCommandTests : IDisposable
{
    readonly string folder = Directory.CreateTempSubdirectory("medpeft-score-").FullName;

    public void Dispose() => Directory.Delete(folder, recursive: true);

    static (int Exit, string Output, string Error) Run(params string[] args)
    {
        var (output, error) = (new StringWriter(), new StringWriter());
        var exit = CliApp.Run(args, output, error);
        return (exit, output.ToString(), error.ToString());
    }

    string WriteLines(string name, IEnumerable<string> lines)
    {
        var path = Path.Combine(folder, name);
        File.WriteAllLines(path, lines);
        return path;
    }

    string ReportPredictions() => WriteLines("reports.jsonl", MetricFixtures.ReportPairs.Select(p =>
    {
        var references = p.Texts("references");
        return JsonSerializer.Serialize(new { id = p.Id(), prediction = p.Text("candidate"), reference = references.Length == 1 ? (object)references[0] : references });
    }));

    string VqaPredictions(string fixture = "vqa.json") => WriteLines(Path.ChangeExtension(fixture, ".jsonl"), MetricFixtures.VqaFixtures[fixture].Pairs().Select(p => JsonSerializer.Serialize(new
    {
        id = p.Id(),
        question = p.Text("question"),
        answer_type = p.Text("answer_type"),
        reference = p.Text("reference"),
        prediction = p.Text("prediction"),
    })));

    [Fact]
    public void ReportJsonCarriesTheFixturesCorpusValues()
    {
        var (exit, output, error) = Run("score", "--task", "report", "--predictions", ReportPredictions(), "--json");
        Assert.True(exit == 0, error);
        var json = JsonDocument.Parse(output).RootElement;
        var corpus = MetricFixtures.Reports.GetProperty("corpus");
        foreach (var key in new[] { "bleu1", "bleu2", "bleu3", "bleu4", "meteor", "meteor_exact_only", "rougeL", "cider" })
            MetricFixtures.AssertClose(corpus.Number(key), json.Number(key), key);
        Assert.Equal(41, json.GetProperty("n_items").GetInt32());
        Assert.Equal(corpus.GetProperty("bleu_totals").Integers("correct"), json.GetProperty("bleu_totals").Integers("correct"));
        Assert.StartsWith("WordNet 3.0 ", json.GetProperty("wordnet").GetString());
    }

    [Fact]
    public void VqaJsonCarriesTheFixturesCorpusValuesAndBreakdowns()
    {
        var (exit, output, error) = Run("score", "--task", "vqa", "--predictions", VqaPredictions(), "--json");
        Assert.True(exit == 0, error);
        var json = JsonDocument.Parse(output).RootElement;
        var corpus = MetricFixtures.Vqa.GetProperty("corpus");
        foreach (var key in new[] { "closed_accuracy", "open_exact_match", "open_recall", "overall_accuracy", "exact_match_all_items", "recall_all_items" })
            MetricFixtures.AssertClose(corpus.Number(key), json.Number(key), key);
        foreach (var key in new[] { "n_items", "n_open", "n_closed" })
            Assert.Equal(corpus.GetProperty(key).GetInt32(), json.GetProperty(key).GetInt32());
        var closed = json.GetProperty("by_answer_type").GetProperty("CLOSED");
        Assert.Equal(corpus.Number("closed_accuracy"), closed.Number("closed_accuracy"));
        Assert.Equal(JsonValueKind.Null, closed.GetProperty("open_recall").ValueKind);
        Assert.Equal(corpus.Number("open_recall"), json.GetProperty("by_answer_type").GetProperty("OPEN").Number("open_recall"));
        Assert.Empty(json.GetProperty("by_question_type").EnumerateObject());
    }

    [Fact]
    public void ClosedQuestionsThatNameTheirCandidatesAreScoredByExactMatch()
    {
        var (exit, output, error) = Run("score", "--task", "vqa", "--predictions", VqaPredictions("vqa_closed_choice.json"), "--json");
        Assert.True(exit == 0, error);
        var json = JsonDocument.Parse(output).RootElement;
        var corpus = MetricFixtures.VqaFixtures["vqa_closed_choice.json"].GetProperty("corpus");
        foreach (var key in new[] { "closed_accuracy", "open_exact_match", "open_recall", "overall_accuracy" })
            Assert.True(Math.Abs(corpus.Number(key) - json.Number(key)) <= 1e-4, $"{key}: expected {corpus.Number(key)}, got {json.Number(key)}");
        Assert.Equal(corpus.Number("closed_accuracy"), json.GetProperty("by_answer_type").GetProperty("CLOSED").Number("closed_accuracy"));
    }

    [Fact]
    public void AWordNetFolderThatCannotBeReadIsAnErrorNotAMissingMetric()
    {
        var absent = Path.Combine(folder, "no-wordnet");
        var (exit, output, error) = Run("score", "--task", "report", "--predictions", ReportPredictions(), "--json", "--wordnet", absent);
        Assert.Equal(ExitCodes.BadInput, exit);
        Assert.Equal("", output);
        Assert.Contains($"error: the WordNet folder {absent} does not exist; expected a WordNet 3.0 database", error);

        Directory.CreateDirectory(absent);
        (exit, _, error) = Run("score", "--task", "report", "--predictions", ReportPredictions(), "--wordnet", absent);
        Assert.Equal(ExitCodes.BadInput, exit);
        Assert.Contains($"the WordNet folder {absent} has no index.noun (nor index.noun.gz)", error);
    }

    [Fact]
    public void TablesShowTheRoundedValues()
    {
        var report = Run("score", "--task", "report", "--predictions", ReportPredictions()).Output;
        Assert.Contains("41 reports, 46 references", report);
        Assert.Matches(@"BLEU-4\s+0\.5318", report);   // 0.531818... in reports.json
        Assert.Matches(@"METEOR\s+0\.6289", report);   // 0.628870...
        Assert.Contains("METEOR: NLTK 3.8 definition with WordNet 3.0", report);
        Assert.Matches(@"CIDEr-D\s+3\.4510", report);  // 3.451039...

        var vqa = Run("score", "--task", "vqa", "--predictions", VqaPredictions()).Output;
        Assert.Contains("45 questions (21 closed, 24 open)", vqa);
        Assert.Matches(@"all\s+45\s+0\.5238\s+0\.2917\s+0\.7569\s+0\.4000", vqa);
        Assert.Matches(@"CLOSED\s+21\s+0\.5238\s+-\s+-\s+0\.5238", vqa);
    }

    [Fact]
    public void BadInputExitsWithCodeTwoAndNamesFileAndLine()
    {
        const string good = "{\"id\": \"a\", \"prediction\": \"no\", \"reference\": \"no\", \"answer_type\": \"CLOSED\"}";
        var cases = new (string Task, string[] Lines, string Message)[]
        {
            ("vqa", ["{\"id\": \"a\", \"prediction\": \"no\""], "line 1: not valid JSON"),
            ("vqa", ["{\"prediction\": \"no\", \"reference\": \"no\", \"answer_type\": \"OPEN\"}"], "line 1: missing field \"id\""),
            ("report", [good, "{\"id\": \"b\", \"reference\": \"no\"}"], "line 2: missing field \"prediction\""),
            ("report", ["{\"id\": \"b\", \"prediction\": \"no\"}"], "line 1: missing field \"reference\""),
            ("vqa", [good, good], "line 2: duplicate id \"a\" (first on line 1)"),
            ("vqa", ["{\"id\": \"a\", \"prediction\": \"no\", \"reference\": \"no\", \"answer_type\": \"YESNO\"}"], "line 1: answer_type is \"YESNO\""),
            ("vqa", [], "predictions file is empty"),
        };
        foreach (var (task, lines, message) in cases)
        {
            var path = WriteLines($"bad-{Guid.NewGuid():N}.jsonl", lines);
            var (exit, _, error) = Run("score", "--task", task, "--predictions", path);
            Assert.Equal(ExitCodes.BadInput, exit);
            Assert.Contains($"error: {path}", error);
            Assert.Contains(message, error);
        }
    }

    [Fact]
    public void MissingFileAndUnknownTaskExitWithCodeTwo()
    {
        var missing = Path.Combine(folder, "missing.jsonl");
        var (exit, _, error) = Run("score", "--task", "vqa", "--predictions", missing);
        Assert.Equal((ExitCodes.BadInput, $"error: {missing}: predictions file not found"), (exit, error.Trim()));

        (exit, _, error) = Run("score", "--task", "caption", "--predictions", VqaPredictions());
        Assert.Equal((ExitCodes.BadInput, "error: --task is \"caption\"; expected vqa or report"), (exit, error.Trim()));
    }
}
