using MedPeft.Data;
using MedPeft.Data.BuiltIn;
using MedPeft.Data.BuiltIn.Synthetic;

namespace MedPeft.Tests.Data.BuiltIn;

/// <summary>
/// Answers recomputed from each image's label map (connected lesion components, the organ around
/// them, their extent and place) must equal the answers written to the dataset.
/// </summary>
public class SyntheticGroundTruthTests(SyntheticDatasetFixture fixture) : IClassFixture<SyntheticDatasetFixture>
{
    static readonly string[] CountWords = ["zero", "one", "two", "three"];

    [Fact]
    public void WrittenAnswersAgreeWithTheLabelMaps()
    {
        var options = SyntheticDatasetFixture.Options;
        var rows = BuiltInTestData.Rows(fixture.Directory).ToLookup(r => r.Image);
        var checkedRows = 0;
        for (var i = 0; i < options.Images; i++)
        {
            var image = $"images/synthetic-{i:D5}.png";
            var random = SyntheticDatasetBuilder.ImageRandom(options.Seed, i);
            var scene = PhantomSceneSampler.Sample(random, options.ImageSize);
            var pixels = PhantomRenderer.Render(scene, (long)random.NextUInt64());
            Assert.Equal(pixels, BuiltInTestData.Pixels(Path.Combine(fixture.Directory, image), options.ImageSize));

            var truth = LabelMapTruth.Of(scene);
            foreach (var row in rows[image])
            {
                var expected = Expected(row, truth);
                if (expected is null) continue;
                Assert.True(expected == row.Answer, $"{row.Id} \"{row.Question}\": wrote {row.Answer}, label map says {expected}");
                checkedRows++;
            }
        }
        Assert.True(checkedRows > 200, $"only {checkedRows} answers could be checked");
    }

    /// <summary>The answer the label map gives, for the questions whose answer lies in it; null for the others.</summary>
    static string? Expected(BuiltInTestData.Row row, LabelMapTruth truth)
    {
        var q = row.Question;
        string YesNo(bool value) => value ? "yes" : "no";
        switch (row.QuestionType, row.AnswerType)
        {
            case ("count", "OPEN"):
                return CountWords[truth.Count];
            case ("count", "CLOSED"):
                var asked = q.Contains("no lesions") ? 0 : Array.FindIndex(CountWords, w => q.Contains($"exactly {w} "));
                return YesNo(asked == truth.Count);
            case ("abnormality", "OPEN"):
                return truth.Count == 0 ? "none" : null;
            case ("abnormality", "CLOSED") when q.Contains("normal") || q.Contains("a lesion in"):
                var asksAbnormal = q.Contains("abnormal") || q.Contains("a lesion in");
                return YesNo(asksAbnormal == truth.Count > 0);
            case ("position", "OPEN"):
                return truth.Host;
            case ("position", "CLOSED") when q.Contains(" side of the body"):
                return YesNo(q.Contains($" {truth.Side} side"));
            case ("position", "CLOSED") when q.Contains(" part of the "):
                return YesNo(q.Contains($" {truth.Vertical} part"));
            case ("position", "CLOSED"):
                return YesNo(q.EndsWith($" in the {truth.Host}?"));
            case ("size", "OPEN"):
                return truth.SizeClass;
            case ("size", "CLOSED"):
                var asksLarge = q.Contains("large") || q.Contains("larger");
                return YesNo(asksLarge == (truth.SizeClass == "large"));
            default:
                return null;
        }
    }

    [Fact]
    public void ReportsStateTheLesionCountAndPlace()
    {
        var options = SyntheticDatasetFixture.Options;
        var reports = BuiltInTestData.Reports(fixture.Directory).ToDictionary(r => r.Image, r => r.Report);
        for (var i = 0; i < 40; i++)
        {
            var random = SyntheticDatasetBuilder.ImageRandom(options.Seed, i);
            var truth = LabelMapTruth.Of(PhantomSceneSampler.Sample(random, options.ImageSize));
            var report = reports[$"synthetic-{i:D5}.png"];
            if (truth.Count == 0) Assert.Contains("impression: normal study.", report);
            else
            {
                Assert.Contains($"{new[] { "", "a single", "two", "three" }[truth.Count]} {truth.SizeClass} ", report);
                Assert.Contains($"in the {truth.Host}.", report);
            }
        }
    }

    [Fact]
    public void EveryLesionStandsOutFromTheTissueAroundIt()
    {
        for (var i = 0; i < 150; i++)
        {
            var random = new DeterministicRandom(99, i);
            var scene = PhantomSceneSampler.Sample(random, 224);
            var pixels = PhantomRenderer.Render(scene, i);
            for (var j = 0; j < scene.Lesions.Count; j++)
            {
                var (inside, around) = LabelMapTruth.MeanInsideAndAround(scene, pixels, j);
                Assert.True(Math.Abs(inside - around) >= 8, $"scene {i} lesion {j} ({scene.Modality} {scene.Lesions[j].Kind} in {scene.Lesions[j].Location}): {inside:F1} vs {around:F1}");
            }
        }
    }
}
