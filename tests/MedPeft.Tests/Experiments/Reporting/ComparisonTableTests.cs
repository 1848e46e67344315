using MedPeft.Experiments.Reporting;
using static MedPeft.Tests.Experiments.Reporting.ComparisonFixtures;

namespace MedPeft.Tests.Experiments.Reporting;

public sealed class ComparisonTableTests
{
    /// <summary>The cells of a Markdown table row: "| a | b |" → ["a", "b"].</summary>
    internal static string[] MarkdownCells(string line) => line.Trim().Trim('|').Split(" | ").Select(c => c.Trim()).ToArray();

    [Fact]
    public void MarkdownTableHasEveryRowWithHandFormattedCells()
    {
        var result = VqaComparison();
        var markdown = MarkdownReport.Render(result, Verdict.Of(result), []);
        var lines = markdown.Split('\n').Where(l => l.StartsWith('|')).Select(MarkdownCells).ToList();
        Assert.Equal(["method", "scope", "trainable params", "trainable %", "peak memory", "s/step", "wall time", "closed %", "open %", "overall %", "overall % vs full"], lines[0]);
        Assert.Equal(2 + result.Rows.Count, lines.Count);
        var rows = lines.Skip(2).ToDictionary(cells => cells[0]);
        Assert.Equal(["zero-shot", "–", "–", "–", "–", "–", "–", "50.0", "10.0", "34.0", "–"], rows["zero-shot"]);
        Assert.Equal(["majority", "–", "–", "–", "–", "–", "–", "55.0", "5.0", "35.0", "–"], rows["majority"]);
        // 820.5 s = 13 min 41 s (rounded half away from zero); 4 GiB exactly.
        // An interval on the score shown with it: 71.2 [66.0, 76.1]; full has no difference to itself.
        Assert.Equal(["full", "all", "124M", "100%", "4 GiB", "4.1", "13m 41s", "80.0", "60.0", "71.2 [66.0, 76.1]", "–"], rows["full"]);
        // 589,824 / 124,589,824 = 0.4734%; 1.5 GiB; 500 s = 8 min 20 s.
        Assert.Equal(["lora", "text,decoder", "590k", "0.473%", "1.5 GiB", "2.5", "8m 20s", "78.0", "50.0", "66.0 [60.5, 71.2]", "-5.2 [-9.0, -1.5]"], rows["lora"]);
        // 62,000 / 124,000,000 = 0.05%; 1,632,087,573 B = 1.52 GiB.
        Assert.Equal(["ln", "all", "62k", "0.05%", "1.52 GiB", "2.3", "7m 40s", "79.0", "52.0", "68.4 [63.0, 73.5]", "-2.8 [-6.0, +0.4]"], rows["ln"]);
        Assert.Equal(["prefix", "all", "1M", "0.8%", "2 GiB", "2.6", "8m 40s", "–", "–", "–", "–"], rows["prefix"]);
    }

    [Fact]
    public void MarkdownCarriesTheSettingNotesAndVerdict()
    {
        var result = VqaComparison();
        var verdict = Verdict.Of(result);
        var markdown = MarkdownReport.Render(result, verdict, [("score plot", "score_vs_trainable_params.png")]);
        Assert.StartsWith("# Built-in Med-VQA: PEFT methods compared\n", markdown);
        Assert.Contains("- **dataset:** builtin-real (builtin); train 400, validation 50, test 120", markdown);
        Assert.Contains("- **budget:** quick: 200 optimizer steps of batch 16 per method, validation every 50 steps, without augmentation, seed 42", markdown);
        Assert.Contains("[the 95% interval over the test questions]", markdown);
        Assert.Contains("- **wall time:** 1h 02m", markdown);
        Assert.Contains("2 cores; 24 GiB memory", markdown);
        Assert.Contains("![score plot](score_vs_trainable_params.png)", markdown);
        Assert.Contains("- Memory is the process's peak resident set size.", markdown);
        Assert.Contains($"**{verdict.Line}**", markdown);
        Assert.Contains(Verdict.Rule, markdown);
    }

    [Fact]
    public void ReportTableShowsFractionsAndDashesForTheMissingMeteor()
    {
        var result = ReportComparison();
        var lines = MarkdownReport.Render(result, Verdict.Of(result), []).Split('\n').Where(l => l.StartsWith('|')).Select(MarkdownCells).ToList();
        Assert.Equal(["BLEU-4", "METEOR", "ROUGE-L", "CIDEr", "BLEU-4 vs full"], lines[0][7..]);
        Assert.Equal(["0.105", "–", "0.270", "0.400", "-0.005 [-0.020, +0.010]"], lines.Single(c => c[0] == "lora")[7..]);
        Assert.Equal(["0.020", "–", "0.150", "0.050", "–"], lines.Single(c => c[0] == "zero-shot")[7..]);
    }

    [Fact]
    public void TerminalTableAlignsNumbersOnTheRight()
    {
        var result = VqaComparison();
        var lines = ComparisonTable.Render(result).TrimEnd('\n').Split('\n');
        Assert.Equal(2 + result.Rows.Count, lines.Length);
        Assert.Matches("^-+( +-+)+$", lines[1]);
        // The last column is right-aligned: every line ends where the longest cell of "overall % vs full" ends.
        var end = lines[0].Length;
        Assert.EndsWith("overall % vs full", lines[0]);
        Assert.All(lines, line => Assert.Equal(end, line.Length));
        Assert.Matches(@" 71\.2 \[66\.0, 76\.1\] +–$", lines.Single(l => l.StartsWith("full ")));
        Assert.EndsWith(" -2.8 [-6.0, +0.4]", lines.Single(l => l.StartsWith("ln ")));
        // The trainable-% column: its cells end at the same offset as its header.
        var percentEnd = lines[0].IndexOf("trainable %", StringComparison.Ordinal) + "trainable %".Length;
        Assert.Equal("0.05%", lines.Single(l => l.StartsWith("ln ")).Substring(percentEnd - 5, 5));
    }
}
