using System.Text.Json;

namespace MedPeft.Tests.Evaluation.Metrics;

/// <summary>
/// The reference values of <c>TestData/Evaluation/Metrics/</c> (<c>reports.json</c>, <c>vqa.json</c>,
/// <c>vqa_closed_choice.json</c>): pycocoevalcap BLEU/ROUGE-L/CIDEr-D and NLTK 3.8 METEOR on 41 report
/// pairs, and this project's VQA rules on 45 questions and on 20 with closed questions that name their
/// candidates; see the fixtures' README for how they were made.
/// </summary>
static class MetricFixtures
{
    public static readonly string Folder = TestData.Path("Evaluation", "Metrics");

    public static JsonElement Reports { get; } = Load("reports.json");
    public static JsonElement Vqa { get; } = Load("vqa.json");

    /// <summary>The VQA fixtures by file name, for tests that check every one.</summary>
    public static readonly IReadOnlyDictionary<string, JsonElement> VqaFixtures = new Dictionary<string, JsonElement>
    {
        ["vqa.json"] = Vqa,
        ["vqa_closed_choice.json"] = Load("vqa_closed_choice.json"),
    };

    public static IEnumerable<JsonElement> ReportPairs => Reports.GetProperty("pairs").EnumerateArray();
    public static IEnumerable<JsonElement> VqaPairs => Vqa.GetProperty("pairs").EnumerateArray();
    public static IEnumerable<JsonElement> Pairs(this JsonElement fixture) => fixture.GetProperty("pairs").EnumerateArray();
    public static JsonElement Item(this JsonElement fixture, string id) => fixture.GetProperty("per_item").GetProperty(id);

    public static JsonElement ReportItem(string id) => Reports.GetProperty("per_item").GetProperty(id);
    public static JsonElement VqaItem(string id) => Vqa.GetProperty("per_item").GetProperty(id);

    public static string Id(this JsonElement pair) => pair.GetProperty("id").GetString()!;
    public static string Text(this JsonElement element, string name) => element.GetProperty(name).GetString()!;
    public static string[] Texts(this JsonElement element, string name) => element.GetProperty(name).EnumerateArray().Select(e => e.GetString()!).ToArray();
    public static double Number(this JsonElement element, string name) => element.GetProperty(name).GetDouble();
    public static int[] Integers(this JsonElement element, string name) => element.GetProperty(name).EnumerateArray().Select(e => e.GetInt32()).ToArray();

    /// <summary>
    /// Equal to a relative 1e-12 (the fixtures' README: a port in the same operation order matches to
    /// ~1e-12 relative; tiny BLEU values must be compared relatively). An expected 0 must be exactly 0.
    /// </summary>
    public static void AssertClose(double expected, double actual, string what)
    {
        var tolerance = 1e-12 * Math.Max(Math.Abs(expected), Math.Abs(actual));
        Assert.True(Math.Abs(expected - actual) <= tolerance || expected == actual, $"{what}: expected {expected:R}, got {actual:R}");
    }

    static JsonElement Load(string name)
    {
        using var document = JsonDocument.Parse(File.ReadAllText(Path.Combine(Folder, name)));
        return document.RootElement.Clone();
    }
}
