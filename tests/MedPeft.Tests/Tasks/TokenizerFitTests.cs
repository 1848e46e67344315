using MedPeft.Data.Datasets;
using MedPeft.Models;
using MedPeft.Tasks;

namespace MedPeft.Tests.Tasks;

/// <summary>
/// A tokenizer with ids the model has no embedding for is refused when the model is put to a task, naming the
/// tokenizer's file; before, the first such id failed in LibTorch's embedding lookup in the middle of a run.
/// </summary>
public class TokenizerFitTests : IDisposable
{
    readonly TemporaryFolder folder = new();

    public void Dispose() => folder.Dispose();

    /// <summary>The BLIP fixture (vocab_size 128) with a vocab.txt of <paramref name="lines"/> tokens.</summary>
    string BlipWithVocabulary(int lines)
    {
        foreach (var file in Directory.GetFiles(TestData.HfCase("blip_vqa")))
            File.Copy(file, folder.File(Path.GetFileName(file)));
        string[] special = ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]"];
        File.WriteAllLines(folder.File("vocab.txt"), special.Concat(Enumerable.Range(0, lines - special.Length).Select(i => $"word{i}")));
        return folder.Path;
    }

    [Fact]
    public void AVocabularyAsLargeAsTheModelsFits()
    {
        using var model = HfModelLoader.Load(BlipWithVocabulary(128));

        var task = TaskModelFactory.Create(model, folder.Path, DatasetTask.Vqa, seed: 1, augment: false);

        Assert.NotNull(task);
    }

    [Fact]
    public void AVocabularyLargerThanTheModelsIsRefusedNamingTheFile()
    {
        using var model = HfModelLoader.Load(BlipWithVocabulary(129));

        var error = Assert.Throws<MedPeftException>(() => TaskModelFactory.Create(model, folder.Path, DatasetTask.Vqa, seed: 1, augment: false));

        Assert.Equal($"{folder.File("vocab.txt")}: 129 tokens, but the model's vocab_size is 128; ids from 128 on have no embedding.", error.Message);
    }
}
