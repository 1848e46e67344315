using System.Globalization;
using System.Text;
using MedPeft.Experiments;
using MedPeft.Experiments.Reporting;
using static MedPeft.Tests.Experiments.Reporting.ComparisonFixtures;

namespace MedPeft.Tests.Experiments.Reporting;

public sealed class CsvReportTests
{
    /// <summary>An RFC 4180 reader (quoted fields, doubled quotes, CRLF), independent of the writer.</summary>
    static List<List<string>> Parse(string text)
    {
        var records = new List<List<string>>();
        var record = new List<string>();
        var field = new StringBuilder();
        var quoted = false;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < text.Length && text[i + 1] == '"') { field.Append('"'); i++; }
                else if (c == '"') quoted = false;
                else field.Append(c);
            }
            else if (c == '"') quoted = true;
            else if (c == ',') { record.Add(field.ToString()); field.Clear(); }
            else if (c == '\r' && i + 1 < text.Length && text[i + 1] == '\n')
            {
                record.Add(field.ToString());
                field.Clear();
                records.Add(record);
                record = [];
                i++;
            }
            else field.Append(c);
        }
        Assert.True(field.Length == 0 && record.Count == 0, "the last record ends with CRLF");
        return records;
    }

    static double? Number(string field) => field.Length == 0 ? null : double.Parse(field, CultureInfo.InvariantCulture);

    [Theory]
    [InlineData("vqa")]
    [InlineData("report")]
    public void ParsesBackToTheSameNumbers(string task)
    {
        var result = task == "vqa" ? VqaComparison() : ReportComparison();
        var records = Parse(CsvReport.Render(result));
        Assert.Equal(CsvReport.CostColumns.Concat(result.ScoreColumns).Concat(result.ScoreColumns.SelectMany(k => new[] { k + "_std", k + "_ci95_low", k + "_ci95_high" })), records[0]);
        Assert.Equal(result.Rows.Count, records.Count - 1);
        for (var r = 0; r < result.Rows.Count; r++)
        {
            var row = result.Rows[r];
            var fields = records[r + 1].Select((value, i) => (value, i)).ToDictionary(f => records[0][f.i], f => f.value);
            Assert.Equal(row.Name, fields["method"]);
            Assert.Equal(row.Scope, fields["scope"]);
            Assert.Equal((double?)row.TrainableParameters, Number(fields["trainable_parameters"]));
            Assert.Equal((double?)row.TotalParameters, Number(fields["total_parameters"]));
            Assert.Equal(row.TrainablePercent / 100, Number(fields["trainable_fraction"]));
            Assert.Equal((double?)row.PeakMemoryBytes, Number(fields["peak_memory_bytes"]));
            Assert.Equal(row.SecondsPerStep, Number(fields["seconds_per_step"]));
            Assert.Equal(row.WallSeconds, Number(fields["wall_seconds"]));
            Assert.Equal((double?)row.Steps, Number(fields["steps"]));
            foreach (var key in result.ScoreColumns)
            {
                Assert.Equal(row.Scores[key], Number(fields[key]));
                var interval = row.Intervals?.GetValueOrDefault(key);
                Assert.Equal(interval?.Std, Number(fields[key + "_std"]));
                Assert.Equal(interval?.Low, Number(fields[key + "_ci95_low"]));
                Assert.Equal(interval?.High, Number(fields[key + "_ci95_high"]));
            }
        }
    }

    [Fact]
    public void KindsAreSnakeCaseAndFractionsAreRaw()
    {
        var records = Parse(CsvReport.Render(VqaComparison()));
        Assert.Equal(["zero_shot", "majority", "method"], records.Skip(1).Select(r => r[1]).Distinct());
        var ln = records.Single(r => r[0] == "ln");
        // 62,000 / 124,000,000 and overall accuracy 0.684, as fractions.
        Assert.Equal(0.0005, double.Parse(ln[5], CultureInfo.InvariantCulture), 15);
        Assert.Equal("0.684", ln[CsvReport.CostColumns.Count + VqaColumns.Length - 1]);
    }

    [Fact]
    public void FieldsWithCommasAndQuotesAreQuoted()
    {
        var row = Method("lora \"r8\"", 10, 100, null, null, null, Vqa(0.5, null, 0.5), scope: "text,decoder");
        var text = CsvReport.Render(Result("vqa", "overall_accuracy", VqaColumns, row));
        // Nine empty interval fields follow the scores: std, low and high of each of the three scores.
        Assert.Contains("\"lora \"\"r8\"\"\",method,\"text,decoder\",10,100,0.1,,,,200,0.5,,0.5,,,,,,,,,\r\n", text);
        Assert.Equal(["lora \"r8\"", "method", "text,decoder"], Parse(text)[1].Take(3));
    }
}
