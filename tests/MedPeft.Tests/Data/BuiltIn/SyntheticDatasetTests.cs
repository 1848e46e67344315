using System.Text.Json;
using MedPeft.Data.Datasets;
using MedPeft.Data.Datasets.Formats;

namespace MedPeft.Tests.Data.BuiltIn;

public class SyntheticDatasetTests(SyntheticDatasetFixture fixture) : IClassFixture<SyntheticDatasetFixture>
{
    static readonly string[] QuestionTypes = ["modality", "plane", "organ", "position", "size", "count", "abnormality"];

    [Fact]
    public void EveryRowHasItsFieldsAndAnImageOfTheRightSize()
    {
        var rows = BuiltInTestData.Rows(fixture.Directory);
        Assert.NotEmpty(rows);
        Assert.Equal(rows.Count, rows.Select(r => r.Id).Distinct().Count());
        foreach (var row in rows)
        {
            Assert.Contains(row.QuestionType, QuestionTypes);
            Assert.Matches("^images/[a-z0-9-]+\\.png$", row.Image);
            Assert.True(File.Exists(Path.Combine(fixture.Directory, row.Image)), row.Image);
            Assert.EndsWith("?", row.Question);
            Assert.Equal(row.Answer.ToLowerInvariant(), row.Answer);
            Assert.InRange(row.Answer.Split(' ').Length, 1, 3);
            if (row.AnswerType == "CLOSED") Assert.Contains(row.Answer, new[] { "yes", "no" });
            else
            {
                Assert.Equal("OPEN", row.AnswerType);
                Assert.DoesNotContain(row.Answer, new[] { "yes", "no" });
            }
        }
        foreach (var image in rows.Select(r => r.Image).Distinct().Take(20))
            BuiltInTestData.Pixels(Path.Combine(fixture.Directory, image), SyntheticDatasetFixture.Options.ImageSize);
    }

    [Fact]
    public void DatasetJsonCountsWhatWasWritten()
    {
        using var json = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(fixture.Directory, "dataset.json")));
        var root = json.RootElement;
        Assert.Equal("builtin-synthetic", root.GetProperty("name").GetString());
        Assert.Equal(1, root.GetProperty("version").GetInt32());
        Assert.Equal(7UL, root.GetProperty("seed").GetUInt64());
        Assert.Equal(160, root.GetProperty("image_size").GetInt32());
        var rows = BuiltInTestData.Rows(fixture.Directory);
        var counts = root.GetProperty("counts");
        foreach (var split in BuiltInTestData.Splits)
        {
            var inSplit = rows.Where(r => r.Split == split).ToList();
            Assert.Equal(inSplit.Count, counts.GetProperty("questions").GetProperty(split).GetInt32());
            Assert.Equal(inSplit.Count(r => r.AnswerType == "CLOSED"), counts.GetProperty("closed").GetProperty(split).GetInt32());
            Assert.Equal(inSplit.Select(r => r.Image).Distinct().Count(), counts.GetProperty("images").GetProperty(split).GetInt32());
        }
        var source = Assert.Single(root.GetProperty("sources").EnumerateArray());
        foreach (var field in new[] { "name", "package", "licence" }) Assert.False(string.IsNullOrEmpty(source.GetProperty(field).GetString()));
        Assert.Equal(120, source.GetProperty("files").GetInt32());
        Assert.Equal(120, Directory.GetFiles(Path.Combine(fixture.Directory, "images"), "*.png").Length);
    }

    [Fact]
    public void SplitsShareNoImageAndReportsFollowTheSameSplits()
    {
        var rows = BuiltInTestData.Rows(fixture.Directory);
        var splitOfImage = rows.GroupBy(r => r.Image).ToDictionary(g => g.Key, g => g.Select(r => r.Split).Distinct().ToList());
        Assert.All(splitOfImage.Values, splits => Assert.Single(splits));
        var reports = BuiltInTestData.Reports(fixture.Directory);
        Assert.Equal(120, reports.Count);
        Assert.Equal(120, reports.Select(r => r.Image).Distinct().Count());
        foreach (var report in reports)
        {
            Assert.True(File.Exists(Path.Combine(fixture.Directory, "images", report.Image)));
            var split = report.Split == "val" ? "validation" : report.Split;
            if (splitOfImage.TryGetValue($"images/{report.Image}", out var questionSplits)) Assert.Equal(split, questionSplits[0]);
        }
        Assert.Equal(84, reports.Count(r => r.Split == "train"));
        Assert.Equal(12, reports.Count(r => r.Split == "val"));
        Assert.Equal(24, reports.Count(r => r.Split == "test"));
    }

    [Fact]
    public void EveryClosedTypeIsAboutHalfYes()
    {
        var closed = BuiltInTestData.Rows(fixture.Directory).Where(r => r.AnswerType == "CLOSED").ToList();
        foreach (var type in QuestionTypes)
        {
            var ofType = closed.Where(r => r.QuestionType == type).ToList();
            Assert.True(ofType.Count >= 15, $"{type}: only {ofType.Count} closed questions");
            var yes = ofType.Count(r => r.Answer == "yes");
            Assert.True(Math.Abs(2 * yes - ofType.Count) <= 6, $"{type}: {yes} yes of {ofType.Count}"); // off by at most one per split (and form)
        }
    }

    [Fact]
    public void NoWordingGivesAwayItsAnswer()
    {
        var closed = BuiltInTestData.Rows(fixture.Directory).Where(r => r.AnswerType == "CLOSED");
        foreach (var wording in closed.GroupBy(r => r.Question).Where(g => g.Count() >= 16))
            Assert.InRange(wording.Count(r => r.Answer == "yes") / (double)wording.Count(), 0.2, 0.8);
    }

    [Fact]
    public void NoOpenAnswerDominatesItsType()
    {
        var open = BuiltInTestData.Rows(fixture.Directory).Where(r => r.AnswerType == "OPEN").ToList();
        foreach (var type in QuestionTypes)
        {
            // By design no answer has more than half of its type ("zero" lesions, "none" abnormal, and the two
            // planes and sizes have exactly half); allow three standard deviations of sampling noise.
            var answers = open.Where(r => r.QuestionType == type).GroupBy(r => r.Answer).Select(g => g.Count()).ToList();
            Assert.True(answers.Count >= 2, $"{type}: a single open answer");
            Assert.True(answers.Max() <= 0.5 * answers.Sum() + 3 * Math.Sqrt(0.25 * answers.Sum()), $"{type}: one answer covers {answers.Max()} of {answers.Sum()}");
        }
    }

    [Fact]
    public void TheBuiltInReaderReadsEveryRowWithoutAProblem()
    {
        var vqa = BuiltinReader.Synthetic.Read(fixture.Directory, DatasetOptions.Default, new ProblemLog(strict: true));
        Assert.Equal(BuiltInTestData.Rows(fixture.Directory).Count, vqa.AllRows.Count());
        Assert.Empty(vqa.Problems);
        Assert.Equal(0, vqa.ImagesMissing);
        var reports = BuiltinReader.Synthetic.Read(fixture.Directory, DatasetOptions.Default with { Task = DatasetTask.Report }, new ProblemLog(strict: true));
        Assert.Equal(120, reports.AllRows.Count());
        Assert.Empty(reports.Problems);
    }
}
