using MedPeft.Experiments;
using MedPeft.Experiments.Reporting;

namespace MedPeft.Cli;

/// <summary>What <c>compare</c> and <c>sweep collect</c> print at the end: where the results are, the table and the verdict.</summary>
internal static class ComparisonOutput
{
    public static void Print(TextWriter writer, string outDirectory, ComparisonResult result, Verdict verdict)
    {
        writer.WriteLine();
        writer.WriteLine($"results: {Path.GetFullPath(outDirectory)} (results.md, results.csv, results.json, report.html, plots, runs/)");
        writer.WriteLine();
        writer.WriteLine(ComparisonTable.Render(result));
        writer.WriteLine(verdict.Line);
    }
}
