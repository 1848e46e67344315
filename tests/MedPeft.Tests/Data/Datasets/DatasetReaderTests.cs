using MedPeft.Data.Datasets;

namespace MedPeft.Tests.Data.Datasets;

/// <summary>Each public format read from small folders laid out as the sets ship them (TestData/Datasets).</summary>
public class DatasetReaderTests
{
    static string Folder(string name) => TestData.Path("Datasets", name);

    static DatasetIndex Read(string format, string folder, DatasetOptions? options = null) =>
        DatasetFormats.Read(format, Folder(folder), options);

    static int[] Counts(DatasetIndex index) =>
        [index[DatasetSplit.Train].Count, index[DatasetSplit.Validation].Count, index[DatasetSplit.Test].Count];

    [Fact]
    public void VqaRadSplitsByPhraseTypeAndCarvesValidationByImage()
    {
        var index = Read("vqa-rad", "vqa-rad");
        // Five train rows on three images; one image (with all its rows) moves to validation.
        Assert.Equal(5, index[DatasetSplit.Train].Count + index[DatasetSplit.Validation].Count);
        Assert.Equal(3, index[DatasetSplit.Test].Count);
        var validationImages = index[DatasetSplit.Validation].SelectMany(r => r.ImagePaths).ToHashSet();
        Assert.Single(validationImages);
        Assert.DoesNotContain(index[DatasetSplit.Train], r => validationImages.Contains(r.ImagePaths[0]));
        Assert.Equal(["5", "6", "7"], index[DatasetSplit.Test].Select(r => r.Id));

        var rows = index.AllRows.ToDictionary(r => r.Id);
        Assert.Equal("2", rows["2"].Answer);                       // a JSON number answer
        Assert.Equal(AnswerType.Open, rows["2"].AnswerType);
        Assert.Equal(AnswerType.Closed, rows["1"].AnswerType);     // "CLOSED " with a stray space
        Assert.Equal(AnswerType.Open, rows["4"].AnswerType);       // "open" in lower case
        Assert.Equal(AnswerType.Closed, rows["3"].AnswerType);     // declared CLOSED, answer "Left": kept, a closed question may name its candidates ...
        Assert.DoesNotContain(index.Notes, n => n.Location == "item 3 (qid 3)"); // ... so not noted
        Assert.Equal("SIZE, PRES", rows["7"].QuestionType);
        Assert.Equal(Path.Combine(Folder("vqa-rad"), "VQA_RAD Image Folder", "synpic31400.jpg"), rows["4"].ImagePaths.Single());
        Assert.Equal("What imaging modality is this?", rows["4"].Question);
        Assert.Empty(index.Problems);
    }

    [Fact]
    public void CarvedValidationIsTheSameOnEveryRead()
    {
        var first = Read("vqa-rad", "vqa-rad")[DatasetSplit.Validation].Select(r => r.Id);
        var second = Read("vqa-rad", "vqa-rad")[DatasetSplit.Validation].Select(r => r.Id);
        Assert.Equal(first, second);
    }

    [Fact]
    public void SlakeKeepsTheChosenQuestionLanguage()
    {
        var english = Read("slake", "slake");
        Assert.Equal([3, 1, 1], Counts(english));
        Assert.All(english.AllRows, r => Assert.Equal("en", r.Language));
        Assert.Equal(5, english.LanguagesSeen["en"]);
        Assert.Equal(3, english.LanguagesSeen["zh"]);
        var row = english.AllRows.Single(r => r.Id == "3");
        Assert.Equal(Path.Combine(Folder("slake"), "imgs", "xmlab1", "source.jpg"), row.ImagePaths.Single());
        Assert.Equal("Position", row.QuestionType);
        Assert.Equal("Left Lobe", row.Answer);

        var all = Read("slake", "slake", new DatasetOptions(QuestionLanguage: "all"));
        Assert.Equal([5, 1, 2], Counts(all));
        Assert.Equal("核磁共振", all.AllRows.Single(r => r.Id == "2").Answer);

        // Chinese only: the validation split has no Chinese row, which makes the set unusable.
        var error = Assert.Throws<MedPeftException>(() => Read("slake", "slake", new DatasetOptions(QuestionLanguage: "zh")));
        Assert.Contains("validate.json", error.Message);
        Assert.Contains("validation split has no usable rows", error.Message);
    }

    [Fact]
    public void PathVqaReadsTheAuthorsPickles()
    {
        var index = Read("pathvqa", "pathvqa");
        Assert.Equal([3, 1, 2], Counts(index));
        var row = index[DatasetSplit.Train][2];
        Assert.Equal("train-2", row.Id);
        Assert.Equal("in a palisade", row.Answer);
        Assert.Equal("How are the nuclei arranged?", row.Question);
        Assert.Equal(Path.Combine(Folder("pathvqa"), "pvqa", "images", "train", "train_0001.jpg"), row.ImagePaths.Single());
        Assert.Equal(AnswerType.Closed, index[DatasetSplit.Train][1].AnswerType);
        Assert.Equal(AnswerType.Open, index[DatasetSplit.Validation][0].AnswerType);
    }

    [Fact]
    public void JsonlReadsIdsImagesAndOptionalFields()
    {
        var index = Read("jsonl", "jsonl");
        Assert.Equal([3, 1, 1], Counts(index));
        var train = index[DatasetSplit.Train];
        Assert.Equal(["q1", "train-2", "7"], train.Select(r => r.Id));
        Assert.Equal("presence", train[0].QuestionType);
        Assert.Equal([Path.Combine(Folder("jsonl"), "img", "b.png"), Path.Combine(Folder("jsonl"), "img", "a.png")], train[2].ImagePaths);
        Assert.Equal(AnswerType.Closed, train[2].AnswerType); // "No." is a no
        Assert.Equal(AnswerType.Open, train[1].AnswerType);
        Assert.Same(train[0].ImagePaths[0], train[1].ImagePaths[0]); // one path string per image, shared by its rows
    }

    [Fact]
    public void JsonlReportRowsTakeReportOrAnswer()
    {
        var index = Read("jsonl", "jsonl-report", new DatasetOptions(Task: DatasetTask.Report));
        Assert.Equal([3, 1, 1], Counts(index));
        Assert.All(index.AllRows, r => Assert.Null(r.Question));
        Assert.All(index.AllRows, r => Assert.Null(r.AnswerType));
        Assert.Equal("Heart size is normal.", index[DatasetSplit.Train][1].Answer);
    }

    [Fact]
    public void IuXrayRowsHaveTwoViewsAndMimicOne()
    {
        var iu = Read("iu-xray", "iu-xray", new DatasetOptions(Task: DatasetTask.Report));
        Assert.Equal([2, 1, 1], Counts(iu));
        var row = iu[DatasetSplit.Train][0];
        Assert.Equal("CXR1000_IM-0003", row.Id);
        Assert.Equal([Path.Combine(Folder("iu-xray"), "images", "CXR1000_IM-0003", "0.png"), Path.Combine(Folder("iu-xray"), "images", "CXR1000_IM-0003", "1.png")], row.ImagePaths);
        Assert.StartsWith("The heart size is normal.", row.Answer);

        var mimic = Read("mimic-cxr", "mimic-cxr", new DatasetOptions(Task: DatasetTask.Report));
        Assert.Equal([2, 1, 1], Counts(mimic));
        Assert.Equal("096052b7-d256dc40-453a102b-fa7d01c6-1b22c6b4", mimic[DatasetSplit.Validation][0].Id);
        Assert.EndsWith(Path.Combine("p10", "p10000764", "s57375967", "096052b7-d256dc40-453a102b-fa7d01c6-1b22c6b4.jpg"), mimic[DatasetSplit.Validation][0].ImagePaths.Single());
    }

    [Fact]
    public void IuXrayRefusesARowWithOneView()
    {
        var folder = CopyOf("iu-xray");
        var annotation = Path.Combine(folder, "annotation.json");
        File.WriteAllText(annotation, File.ReadAllText(annotation).Replace("\"CXR1002_IM-0005/0.png\", ", ""));
        var error = Assert.Throws<MedPeftException>(() => DatasetFormats.Read("iu-xray", folder, new DatasetOptions(Task: DatasetTask.Report)));
        Assert.Contains("val item 0 (id CXR1002_IM-0005)", error.Message);
        Assert.Contains("expected 2", error.Message);
        Directory.Delete(folder, recursive: true);
    }

    [Fact]
    public void BuiltinFolderHoldsVqaAndReportRows()
    {
        var vqa = Read("builtin-synthetic", "builtin-synthetic");
        Assert.Equal([3, 1, 1], Counts(vqa));
        Assert.Equal("count", vqa[DatasetSplit.Train][1].QuestionType);
        var reports = Read("builtin-synthetic", "builtin-synthetic", new DatasetOptions(Task: DatasetTask.Report));
        Assert.Equal([1, 1, 1], Counts(reports));
        Assert.Equal(Path.Combine(Folder("builtin-synthetic"), "images", "phantom_0003.png"), reports[DatasetSplit.Test][0].ImagePaths.Single());

        var error = Assert.Throws<MedPeftException>(() => Read("builtin-real", "builtin-synthetic"));
        Assert.Contains("dataset.json", error.Message);
        Assert.Contains("expected 'builtin-real'", error.Message);
    }

    [Fact]
    public void WrongTaskAndUnknownFormatAreRefused()
    {
        Assert.Contains("not report rows", Assert.Throws<MedPeftException>(() => Read("slake", "slake", new DatasetOptions(Task: DatasetTask.Report))).Message);
        Assert.Contains("unknown dataset format 'vqa'", Assert.Throws<MedPeftException>(() => Read("vqa", "slake")).Message);
        Assert.Contains("dataset folder not found", Assert.Throws<MedPeftException>(() => Read("slake", "nowhere")).Message);
    }

    [Fact]
    public void FirstProblemStopsTrainingNamingFileAndRow()
    {
        var error = Assert.Throws<MedPeftException>(() => Read("vqa-rad", "vqa-rad-broken"));
        Assert.Contains(Path.Combine(Folder("vqa-rad-broken"), "VQA_RAD Dataset Public.json"), error.Message);
        Assert.Contains("item 1 (qid 1): field 'answer' is missing", error.Message);
    }

    [Fact]
    public void CollectingModeReportsEveryProblemWithFileAndRow()
    {
        var log = new ProblemLog(strict: false);
        var index = DatasetFormats.Get("vqa-rad").Read(Folder("vqa-rad-broken"), DatasetOptions.Default, log);
        string Where(ProblemKind kind) => log.Problems.Single(p => p.Kind == kind).Location ?? "";
        Assert.Equal("item 1 (qid 1)", Where(ProblemKind.MissingField));
        Assert.Equal("item 2 (qid 2)", Where(ProblemKind.MissingImage));
        Assert.Equal("item 3 (qid 5)", Where(ProblemKind.EmptyAnswer));
        Assert.StartsWith("line ", Where(ProblemKind.MalformedJson));
        Assert.Contains(log.Problems, p => p.Kind == ProblemKind.EmptySplit && p.Message.Contains("test split"));
        Assert.Equal(1, index[DatasetSplit.Train].Count + index[DatasetSplit.Validation].Count); // item 0, read before the malformed part
        Assert.Equal(1, index.ImagesMissing);
    }

    [Fact]
    public void JsonlProblemsAreReportedPerLine()
    {
        var log = new ProblemLog(strict: false);
        DatasetFormats.Get("jsonl").Read(Folder("jsonl-broken"), DatasetOptions.Default, log);
        var train = Path.Combine(Folder("jsonl-broken"), "train.jsonl");
        Assert.Contains(log.Problems, p => p is { Kind: ProblemKind.MalformedJson, Location: "line 2" } && p.File == train);
        Assert.Contains(log.Problems, p => p is { Kind: ProblemKind.MissingField, Location: "line 3" } && p.Message.Contains("'answer'"));
        Assert.Contains(log.Problems, p => p is { Kind: ProblemKind.MissingImage, Location: "line 4" } && p.Message.Contains("gone.png"));
        Assert.Contains(log.Problems, p => p is { Kind: ProblemKind.MissingField, Location: "line 6" } && p.Message.Contains("'question'"));
        Assert.Contains(log.Problems, p => p.Kind == ProblemKind.EmptySplit && p.File.EndsWith("test.jsonl"));
        Assert.Equal(5, log.Problems.Count);
    }

    [Fact]
    public void MalformedAndEmptySlakeFilesAreProblems()
    {
        var log = new ProblemLog(strict: false);
        DatasetFormats.Get("slake").Read(Folder("slake-broken"), DatasetOptions.Default, log);
        Assert.Contains(log.Problems, p => p.Kind == ProblemKind.MalformedJson && p.File.EndsWith("validate.json") && p.Location == "line 3");
        Assert.Contains(log.Problems, p => p.Kind == ProblemKind.EmptySplit && p.File.EndsWith("test.json"));
    }

    static string CopyOf(string name)
    {
        var target = Directory.CreateTempSubdirectory("medpeft-ds-").FullName;
        foreach (var file in Directory.EnumerateFiles(Folder(name), "*", SearchOption.AllDirectories))
        {
            var to = Path.Combine(target, Path.GetRelativePath(Folder(name), file));
            Directory.CreateDirectory(Path.GetDirectoryName(to)!);
            File.Copy(file, to);
        }
        return target;
    }
}
