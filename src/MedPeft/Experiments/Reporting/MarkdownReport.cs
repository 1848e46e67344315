using System.Text;

namespace MedPeft.Experiments.Reporting;

/// <summary><c>results.md</c>: the title, the setting, the table, the plots, the notes and the verdict.</summary>
internal static class MarkdownReport
{
    /// <summary>The Markdown text; <paramref name="plotFiles"/> are linked by name (they sit beside the file).</summary>
    public static string Render(ComparisonResult result, Verdict verdict, IReadOnlyList<(string Title, string FileName)> plotFiles)
    {
        var text = new StringBuilder();
        text.Append("# ").AppendLine(result.Title).AppendLine();
        foreach (var (label, value) in ComparisonSetting.Lines(result))
            text.AppendLine($"- **{label}:** {Escape(value)}");
        text.AppendLine().AppendLine("## Results").AppendLine();

        var cells = ComparisonTable.Build(result);
        text.AppendLine(Row(cells.Headers));
        text.AppendLine(Row(cells.RightAligned.Select(right => right ? "---:" : "---").ToList()));
        foreach (var row in cells.Rows) text.AppendLine(Row(row));
        text.AppendLine().AppendLine(TableLegend(result)).AppendLine();

        foreach (var (title, fileName) in plotFiles) text.AppendLine($"![{title}]({fileName})").AppendLine();

        if (result.Notes.Count > 0)
        {
            text.AppendLine("## Notes").AppendLine();
            foreach (var note in result.Notes) text.Append("- ").AppendLine(note);
            text.AppendLine();
        }
        text.AppendLine("## Verdict").AppendLine();
        text.Append("**").Append(Escape(verdict.Line)).AppendLine("**").AppendLine();
        text.AppendLine(Verdict.Rule);
        return text.ToString();
    }

    /// <summary>What the table's units are; shared with the HTML report.</summary>
    internal static string TableLegend(ComparisonResult result) =>
        $"Scores are on the test split; the primary score is {ScoreColumns.Name(result.PrimaryScore)}. " +
        "A score is the mean over seeds, ± their standard deviation where there are several, and [the 95% interval over the test questions]; " +
        "a \"vs\" column is this row minus that one on the same resampled questions (an interval that holds 0: indistinguishable at this budget). " +
        "Peak memory is the process's peak resident memory; s/step and wall time are measured on the machine above. " +
        $"{ReportFormat.Missing} marks a value a row does not have (the reference rows are not trained).";

    static string Row(IReadOnlyList<string> cells) => "| " + string.Join(" | ", cells.Select(Escape)) + " |";

    static string Escape(string text) => text.Replace("|", "\\|").Replace("*", "\\*");
}
