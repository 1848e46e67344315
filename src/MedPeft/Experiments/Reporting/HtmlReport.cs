using System.Net;
using System.Text;

namespace MedPeft.Experiments.Reporting;

/// <summary>
/// <c>report.html</c>: one self-contained page (inline CSS, the plots embedded as PNG data URIs, no
/// script and no external reference) with the setting, the table, the plots, the notes and the verdict.
/// </summary>
internal static class HtmlReport
{
    const string Style = """
        body { font-family: "DejaVu Sans", Arial, sans-serif; margin: 2em auto; max-width: 1200px; padding: 0 1em; color: #222; }
        h1 { font-size: 1.6em; } h2 { font-size: 1.25em; margin-top: 1.6em; border-bottom: 1px solid #ddd; }
        dl.setting { display: grid; grid-template-columns: max-content auto; gap: 0.2em 1em; }
        dl.setting dt { font-weight: bold; } dl.setting dd { margin: 0; }
        table { border-collapse: collapse; font-size: 0.92em; }
        th, td { border: 1px solid #ccc; padding: 0.3em 0.6em; white-space: nowrap; }
        th { background: #f2f2f2; } td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
        tr.reference td { color: #666; font-style: italic; }
        figure { margin: 1em 0; } figure img { max-width: 100%; border: 1px solid #eee; }
        figcaption { color: #555; font-size: 0.9em; }
        p.verdict { font-size: 1.1em; font-weight: bold; background: #eef6ee; border-left: 4px solid #3a3; padding: 0.6em 0.8em; }
        p.small { color: #555; font-size: 0.9em; }
        """;

    /// <summary>The page; <paramref name="plots"/> are the PNG images to embed, with their titles.</summary>
    public static string Render(ComparisonResult result, Verdict verdict, IReadOnlyList<(string Title, byte[] Png)> plots)
    {
        var html = new StringBuilder();
        html.AppendLine("<!DOCTYPE html>");
        html.AppendLine("<html lang=\"en\"><head><meta charset=\"utf-8\">");
        html.AppendLine($"<title>{Encode(result.Title)}</title>");
        html.AppendLine($"<style>\n{Style}\n</style></head><body>");
        html.AppendLine($"<h1>{Encode(result.Title)}</h1>");

        html.AppendLine("<dl class=\"setting\">");
        foreach (var (label, value) in ComparisonSetting.Lines(result)) html.AppendLine($"<dt>{Encode(label)}</dt><dd>{Encode(value)}</dd>");
        html.AppendLine("</dl>");

        html.AppendLine("<h2>Results</h2>");
        AppendTable(html, result);
        html.AppendLine($"<p class=\"small\">{Encode(MarkdownReport.TableLegend(result))}</p>");

        html.AppendLine("<h2>Verdict</h2>");
        html.AppendLine($"<p class=\"verdict\">{Encode(verdict.Line)}</p>");
        html.AppendLine($"<p class=\"small\">{Encode(Verdict.Rule)}</p>");

        html.AppendLine("<h2>Plots</h2>");
        foreach (var (title, png) in plots)
            html.AppendLine($"<figure><img alt=\"{Encode(title)}\" src=\"data:image/png;base64,{Convert.ToBase64String(png)}\">" +
                $"<figcaption>{Encode(title)}</figcaption></figure>");

        if (result.Notes.Count > 0)
        {
            html.AppendLine("<h2>Notes</h2><ul>");
            foreach (var note in result.Notes) html.AppendLine($"<li>{Encode(note)}</li>");
            html.AppendLine("</ul>");
        }
        html.AppendLine("</body></html>");
        return html.ToString();
    }

    static void AppendTable(StringBuilder html, ComparisonResult result)
    {
        var cells = ComparisonTable.Build(result);
        string Class(int column) => cells.RightAligned[column] ? " class=\"num\"" : "";
        html.AppendLine("<table><thead><tr>" + string.Concat(cells.Headers.Select((h, i) => $"<th{Class(i)}>{Encode(h)}</th>")) + "</tr></thead><tbody>");
        for (var r = 0; r < cells.Rows.Count; r++)
        {
            var rowClass = result.Rows[r].Kind == ComparisonRowKind.Method ? "" : " class=\"reference\"";
            html.AppendLine($"<tr{rowClass}>" + string.Concat(cells.Rows[r].Select((c, i) => $"<td{Class(i)}>{Encode(c)}</td>")) + "</tr>");
        }
        html.AppendLine("</tbody></table>");
    }

    static string Encode(string text) => WebUtility.HtmlEncode(text);
}
