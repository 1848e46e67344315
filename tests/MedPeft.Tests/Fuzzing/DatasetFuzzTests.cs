using MedPeft.Data.Datasets;

namespace MedPeft.Tests.Fuzzing;

/// <summary>
/// The dataset readers (JSON, JSONL and PathVQA's pickles) under seeded mutations of one file of each test
/// dataset, read as training does (<see cref="DatasetFormats.Read"/>, strict): every case reads or ends in one
/// <see cref="MedPeftException"/> naming a file of the dataset. What it found, each case among the seeds every
/// run replays: invalid UTF-8 in a string value (seeds 18217 SLAKE, 18350 VQA-RAD, 18427 IU-Xray: an
/// InvalidOperationException from the JSON reader), a pickle string claiming 2 GiB (18305: OutOfMemoryException
/// before the length was checked against the file) and a NUL in an image name (18373: ArgumentException).
/// </summary>
[Trait("Category", "Fuzz")]
[Collection(nameof(FuzzCollection))]
public class DatasetFuzzTests
{
    [Theory]
    [InlineData("jsonl", "jsonl", "train.jsonl", "vqa", false)]
    [InlineData("slake", "slake", "train.json", "vqa", true)]
    [InlineData("vqa-rad", "vqa-rad", "VQA_RAD Dataset Public.json", "vqa", true)]
    [InlineData("iu-xray", "iu-xray", "annotation.json", "report", true)]
    [InlineData("builtin-synthetic", "builtin-synthetic", "dataset.json", "vqa", true)]
    [InlineData("pathvqa", "pathvqa", "pvqa/qas/train/train_qa.pkl", "vqa", false)]
    public void EveryMutatedDatasetFileReadsOrFailsWithOneClearError(string format, string folderName, string file, string task, bool isJson)
    {
        using var folder = new TemporaryFolder();
        var dataset = Path.Combine(folder.Path, folderName);
        FuzzCorpus.CopyFolder(TestData.Path("Datasets", folderName), dataset);
        var options = DatasetOptions.Default with { Task = task == "vqa" ? DatasetTask.Vqa : DatasetTask.Report };
        DatasetFormats.Read(format, dataset, options); // the corpus itself reads
        var target = Path.Combine(dataset, file);

        var outcome = FuzzRun.Check(MutationFuzzer.Cases([File.ReadAllBytes(target)], FuzzRun.Cases, seed: 18_200, isJson ? FuzzCorpus.WholeFile : null),
            target, _ => DatasetFormats.Read(format, dataset, options), named: dataset);

        Assert.True(outcome.Refused > 0, $"{outcome}");
    }
}
