using System.Text.RegularExpressions;
using MedPeft.Experiments;
using MedPeft.Experiments.Reporting;
using SkiaSharp;
using static MedPeft.Tests.Experiments.Reporting.ComparisonFixtures;

namespace MedPeft.Tests.Experiments.Reporting;

public sealed class ComparisonReportTests
{
    static readonly byte[] PngSignature = [0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A];

    static (TemporaryFolder Folder, Verdict Verdict) Write(ComparisonResult result)
    {
        var folder = new TemporaryFolder();
        return (folder, ComparisonReport.Write(result, folder.Path));
    }

    /// <summary>Decodes a PNG and checks it is a real picture: the size asked for, and ink on a fair share of it.</summary>
    static void AssertPlot(byte[] png, int width, int height)
    {
        Assert.Equal(PngSignature, png.Take(8));
        using var bitmap = SKBitmap.Decode(png);
        Assert.NotNull(bitmap);
        Assert.Equal((width, height), (bitmap.Width, bitmap.Height));
        var pixels = bitmap.Pixels;
        var inked = pixels.Count(p => p.Red < 200 || p.Green < 200 || p.Blue < 200);
        var colours = pixels.Select(p => (uint)p).Distinct().Count();
        // Axes, ticks, labels and data: more than 1% of the pixels but not all, in many shades (anti-aliased text); a blank image has one.
        Assert.InRange(inked, pixels.Length / 100, pixels.Length * 99 / 100);
        Assert.True(colours > 50, $"only {colours} colours");
    }

    [Fact]
    public void WritesEveryFileAndNothingElse()
    {
        var (folder, verdict) = Write(VqaComparison());
        using var _ = folder;
        string[] expected = ["cost.png", "report.html", "results.csv", "results.json", "results.md", "score_vs_trainable_params.png", "validation_curves.png"];
        Assert.Equal(expected, Directory.GetFiles(folder.Path).Select(Path.GetFileName).Order(StringComparer.Ordinal));
        Assert.Equal("ln", verdict.EfficientMethod);
        Assert.Contains(verdict.Line, File.ReadAllText(folder.File("results.md")));
    }

    [Theory]
    [InlineData("vqa", 2)]
    [InlineData("report", 1)]
    public void PlotsAreValidNonBlankPngs(string task, int validationPanels)
    {
        var (folder, _) = Write(task == "vqa" ? VqaComparison() : ReportComparison());
        using var _f = folder;
        AssertPlot(File.ReadAllBytes(folder.File("score_vs_trainable_params.png")), 900, 560);
        AssertPlot(File.ReadAllBytes(folder.File("cost.png")), 2 * 900, 560);
        // The score panel appears only when the validation curves have scores (the report fixture has losses only).
        AssertPlot(File.ReadAllBytes(folder.File("validation_curves.png")), validationPanels * 900, 560);
    }

    [Fact]
    public void AFurtherTestSetGetsItsColumnAndAnInVersusOutOfDistributionPlot()
    {
        var set = new TestSet("ood", "builtin-real", "/data/ood");
        var inDistribution = VqaComparison();
        var rows = inDistribution.Rows.Select(row => row.Scores.GetValueOrDefault("overall_accuracy") is { } overall
            ? row with { Scores = new Dictionary<string, double?>(row.Scores) { [set.Key("overall_accuracy")] = overall - 0.1 } }
            : row).ToList();
        var result = inDistribution with { Rows = rows, TestSets = [set], ScoreColumns = [.. VqaColumns, set.Key("overall_accuracy")] };

        var (folder, _) = Write(result);
        using var _f = folder;

        Assert.Equal([.. ComparisonReport.PlotFiles(VqaComparison()), "in_vs_out_of_distribution.png"], ComparisonReport.PlotFiles(result));
        AssertPlot(File.ReadAllBytes(folder.File("in_vs_out_of_distribution.png")), 900, 560);
        var markdown = File.ReadAllText(folder.File("results.md"));
        Assert.Contains("| overall % (ood) |", markdown);
        // full: 71.2 on the test split, 61.2 on the further set.
        Assert.Matches(@"\| full \|.*\| 71\.2 \[66\.0, 76\.1\] \| 61\.2 \|", markdown);
        Assert.Contains("**further test sets:** ood: /data/ood (builtin-real), scored without training on it", markdown);
        Assert.Equal(4, Regex.Matches(File.ReadAllText(folder.File("report.html")), "<img ").Count);
    }

    [Fact]
    public void PlotsWithNothingToShowStillSaySo()
    {
        var row = Method("full", 10, 100, null, null, null, Vqa(null, null, null));
        var result = Result("vqa", "overall_accuracy", VqaColumns, row);
        var (folder, _) = Write(result);
        using var _f = folder;
        foreach (var plot in ComparisonReport.PlotFiles(result))
        {
            // The message is written across the middle of the (first) panel, where an empty frame has no ink.
            using var bitmap = SKBitmap.Decode(folder.File(plot));
            var middle = Enumerable.Range(300, 300).SelectMany(x => Enumerable.Range(250, 60).Select(y => bitmap.GetPixel(x, y)));
            Assert.Contains(middle, p => p.Red < 100);
        }
    }

    [Fact]
    public void HtmlIsSelfContainedWithTheTableAndThePlots()
    {
        var result = VqaComparison();
        var (folder, verdict) = Write(result);
        using var _ = folder;
        var html = File.ReadAllText(folder.File("report.html"));

        Assert.DoesNotContain("src=\"http", html);
        Assert.DoesNotContain("<link", html);
        Assert.DoesNotContain("<script", html);
        Assert.DoesNotContain("url(", html);
        Assert.Empty(Regex.Matches(html, "(?:src|href)=\"(?!data:)"));

        var images = Regex.Matches(html, "<img alt=\"[^\"]+\" src=\"data:image/png;base64,([A-Za-z0-9+/=]+)\">").Select(m => Convert.FromBase64String(m.Groups[1].Value)).ToList();
        Assert.Equal(3, images.Count);
        foreach (var (image, file) in images.Zip(ComparisonReport.PlotFiles(result)))
            Assert.Equal(File.ReadAllBytes(folder.File(file)), image);

        var rows = Regex.Matches(html, "<tr[^>]*>(.*?)</tr>").Select(m => Regex.Matches(m.Groups[1].Value, "<t[hd][^>]*>(.*?)</t[hd]>").Select(c => c.Groups[1].Value).ToArray()).ToList();
        Assert.Equal(1 + result.Rows.Count, rows.Count);
        Assert.Equal(["ln", "all", "62k", "0.05%", "1.52 GiB", "2.3", "7m 40s", "79.0", "52.0", "68.4 [63.0, 73.5]", "-2.8 [-6.0, +0.4]"], rows.Single(r => r[0] == "ln"));
        Assert.Contains("<tr class=\"reference\"><td>zero-shot</td>", html);
        Assert.Contains(System.Net.WebUtility.HtmlEncode(verdict.Line), html);
        Assert.Contains("<li>Memory is the process&#39;s peak resident set size.</li>", html);
    }

    [Fact]
    public void HtmlEscapesTextFromTheResult()
    {
        var row = Method("<b>lora</b>", 10, 100, null, null, null, Vqa(0.5, null, 0.5));
        var (folder, _) = Write(Result("vqa", "overall_accuracy", VqaColumns, row) with { Title = "A & B <test>" });
        using var _f = folder;
        var html = File.ReadAllText(folder.File("report.html"));
        Assert.Contains("<h1>A &amp; B &lt;test&gt;</h1>", html);
        Assert.Contains("<td>&lt;b&gt;lora&lt;/b&gt;</td>", html);
        Assert.DoesNotContain("<b>lora</b>", html);
    }
}
