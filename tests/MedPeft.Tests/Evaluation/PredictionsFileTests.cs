using MedPeft.Evaluation;
using MedPeft.Evaluation.Metrics;

namespace MedPeft.Tests.Evaluation;

public sealed class PredictionsFileTests : IDisposable
{
    readonly string folder = Directory.CreateTempSubdirectory("medpeft-pred-").FullName;

    public void Dispose() => Directory.Delete(folder, recursive: true);

    string WriteLines(params string[] lines)
    {
        var path = Path.Combine(folder, "predictions.jsonl");
        File.WriteAllText(path, string.Join("\n", lines) + "\n");
        return path;
    }

    [Fact]
    public void WrittenRecordsReadBackUnchanged()
    {
        var path = Path.Combine(folder, "out", "p.jsonl");
        PredictionRecord[] records =
        [
            new("q1", "Yes, there is.", ["yes"], "CLOSED", "Is there an effusion?", "PRES", ["synpic1.jpg"]),
            new("r7", "Heart size normal.\nNo \"acute\" disease — ✓", ["Normal heart.", "No disease."], Images: ["a.png", "b.png"]),
        ];
        PredictionsFile.Write(path, records);

        var read = PredictionsFile.Read(path);
        Assert.Equal(records.Length, read.Count);
        for (var i = 0; i < records.Length; i++)
        {
            Assert.Equal((records[i].Id, records[i].Prediction, records[i].AnswerType, records[i].Question, records[i].QuestionType),
                (read[i].Id, read[i].Prediction, read[i].AnswerType, read[i].Question, read[i].QuestionType));
            Assert.Equal(records[i].References, read[i].References);
            Assert.Equal(records[i].Images, read[i].Images);
        }
        Assert.Equal(2, File.ReadAllLines(path).Length); // one object per line
        Assert.Single(Directory.GetFiles(Path.GetDirectoryName(path)!)); // no temporary file left behind
    }

    [Fact]
    public void IntegerIdsAndBlankLinesAreAccepted()
    {
        var path = WriteLines("{\"id\": 12, \"prediction\": \"no\", \"reference\": \"no\", \"answer_type\": \"CLOSED\", \"extra\": 1}", "", "   ");
        var item = Assert.Single(PredictionsFile.ReadVqa(path));
        Assert.Equal(("12", VqaAnswerType.Closed), (item.Id, item.AnswerType));
    }

    [Theory]
    [InlineData("{\"prediction\": \"a\", \"reference\": \"a\"}", "line 2: missing field \"id\"")]
    [InlineData("{\"id\": \"x\", \"reference\": \"a\"}", "line 2: missing field \"prediction\"")]
    [InlineData("{\"id\": \"x\", \"prediction\": \"a\"}", "line 2: missing field \"reference\"")]
    [InlineData("{\"id\": \"x\", \"prediction\": \"a\", \"reference\": []}", "line 2: \"reference\" must be a string or a non-empty list of strings")]
    [InlineData("{\"id\": \"x\", \"prediction\": 3, \"reference\": \"a\"}", "line 2: \"prediction\" must be a string")]
    [InlineData("{\"id\": 1.5, \"prediction\": \"a\", \"reference\": \"a\"}", "line 2: \"id\" must be a non-empty string or an integer")]
    [InlineData("{\"id\": \"x\", \"prediction\": \"a\",", "line 2: not valid JSON")]
    [InlineData("[1, 2]", "line 2: expected a JSON object")]
    [InlineData("{\"id\": \"a\", \"prediction\": \"b\", \"reference\": \"b\"}", "line 2: duplicate id \"a\" (first on line 1)")]
    public void BadLinesAreReportedWithFileAndLine(string secondLine, string expected)
    {
        var path = WriteLines("{\"id\": \"a\", \"prediction\": \"a\", \"reference\": \"a\"}", secondLine);
        var error = Assert.Throws<MedPeftException>(() => PredictionsFile.Read(path));
        Assert.Contains($"{path} {expected}", error.Message);
    }

    [Theory]
    [InlineData("", "line 1: missing field \"answer_type\"")]
    [InlineData(", \"answer_type\": \"closed\"", "line 1: answer_type is \"closed\"; expected \"CLOSED\" or \"OPEN\"")]
    public void VqaNeedsAnAnswerTypeOfClosedOrOpen(string answerType, string expected)
    {
        var path = WriteLines($"{{\"id\": \"a\", \"prediction\": \"no\", \"reference\": \"no\"{answerType}}}");
        var error = Assert.Throws<MedPeftException>(() => PredictionsFile.ReadVqa(path));
        Assert.Contains($"{path} {expected}", error.Message);
    }

    [Fact]
    public void MissingAndEmptyFilesAreReported()
    {
        var missing = Path.Combine(folder, "none.jsonl");
        Assert.Contains($"{missing}: predictions file not found", Assert.Throws<MedPeftException>(() => PredictionsFile.Read(missing)).Message);
        var empty = WriteLines("", " ");
        Assert.Contains($"{empty}: predictions file is empty", Assert.Throws<MedPeftException>(() => PredictionsFile.Read(empty)).Message);
    }
}
