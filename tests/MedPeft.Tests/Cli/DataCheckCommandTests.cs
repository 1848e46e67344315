using System.Text.Json;
using MedPeft.Cli;

namespace MedPeft.Tests.Cli;

public class DataCheckCommandTests
{
    static string Folder(string name) => TestData.Path("Datasets", name);

    static (int Code, string Output, string Error) Run(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        int code = CliApp.Run(args, output, error);
        return (code, output.ToString(), error.ToString());
    }

    [Fact]
    public void UsableSetPrintsCountsAndExitsZero()
    {
        var (code, output, _) = Run("data", "check", "--format", "vqa-rad", Folder("vqa-rad"));
        Assert.Equal(0, code);
        Assert.Contains("VQA rows: train 3, validation 2, test 3 (total 8)", output);
        Assert.Contains("answers: closed 5, open 3", output);
        Assert.Contains("images: 3 found (0 unreadable), 0 missing", output);
        Assert.Contains("Result: usable", output);
    }

    [Fact]
    public void EveryProblemIsListedWithFileAndLineAndTheExitCodeIsTwo()
    {
        var (code, output, _) = Run("data", "check", "--format", "jsonl", Folder("jsonl-broken"));
        Assert.Equal(2, code);
        var train = Path.Combine(Folder("jsonl-broken"), "train.jsonl");
        Assert.Contains($"{train}: line 2: malformed JSON", output);
        Assert.Contains($"{train}: line 3: field 'answer' is missing", output);
        Assert.Contains($"{train}: line 4: image not found: {Path.Combine(Folder("jsonl-broken"), "gone.png")}", output);
        Assert.Contains($"{Path.Combine(Folder("jsonl-broken"), "cut.jpg")}: row cut (", output);
        Assert.Contains("truncated", output);
        Assert.Contains($"{Path.Combine(Folder("jsonl-broken"), "test.jsonl")}: the test split has no usable rows", output);
        Assert.Contains("Result: not usable (6 problem(s))", output);
    }

    [Fact]
    public void JsonOutputIsOneObjectWithTheSameFindings()
    {
        var (code, output, _) = Run("data", "check", "--format", "slake", Folder("slake-broken"), "--json", "--q-lang", "all");
        Assert.Equal(2, code);
        var root = JsonDocument.Parse(output).RootElement;
        Assert.False(root.GetProperty("usable").GetBoolean());
        var task = root.GetProperty("tasks")[0];
        Assert.Equal(5, task.GetProperty("rows").GetProperty("train").GetInt32());
        Assert.Equal(2, task.GetProperty("languages").GetProperty("zh").GetInt32()); // the two of train.json; test.json is empty
        var kinds = root.GetProperty("problems").EnumerateArray().Select(p => p.GetProperty("kind").GetString()).ToList();
        Assert.Contains("MalformedJson", kinds);
        Assert.Contains("EmptySplit", kinds);
    }

    [Fact]
    public void RowWithoutAnswerAndMissingImageAreNamed()
    {
        var (code, output, _) = Run("data", "check", "--format", "vqa-rad", Folder("vqa-rad-broken"));
        Assert.Equal(2, code);
        Assert.Contains("item 1 (qid 1): field 'answer' is missing", output);
        Assert.Contains("item 2 (qid 2): image not found", output);
        Assert.Contains("item 3 (qid 5): field 'answer' is empty", output);
    }

    [Fact]
    public void CompressedDicomInADatasetIsAnUnreadableImageNamingTheTransferSyntax()
    {
        var folder = Directory.CreateTempSubdirectory("medpeft-check-").FullName;
        File.Copy(TestData.Path("Images", "Dicom", "MR_small_RLE.dcm"), Path.Combine(folder, "mr.dcm"));
        File.Copy(TestData.Path("Images", "Dicom", "MR_small.dcm"), Path.Combine(folder, "ok.dcm"));
        File.WriteAllText(Path.Combine(folder, "train.jsonl"), """{"id": "1", "image": "mr.dcm", "question": "Is it an MRI?", "answer": "yes"}""" + "\n");
        File.WriteAllText(Path.Combine(folder, "test.jsonl"), """{"id": "2", "image": "ok.dcm", "question": "Is it an MRI?", "answer": "yes"}""" + "\n");
        var (code, output, _) = Run("data", "check", "--format", "jsonl", folder);
        Assert.Equal(2, code);
        Assert.Contains($"{Path.Combine(folder, "mr.dcm")}: row 1 (", output);
        Assert.Contains("1.2.840.10008.1.2.5 (RLE Lossless)", output);
        Directory.Delete(folder, recursive: true);
    }

    [Fact]
    public void MissingFolderIsABadInput()
    {
        var (code, _, error) = Run("data", "check", "--format", "slake", "/nowhere/slake");
        Assert.Equal(2, code);
        Assert.Contains("error: /nowhere/slake: dataset folder not found.", error);
    }
}
