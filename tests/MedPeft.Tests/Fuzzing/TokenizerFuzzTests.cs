using MedPeft.Data.Text;
using MedPeft.Models;

namespace MedPeft.Tests.Fuzzing;

/// <summary>
/// The tokenizer files of a model folder (BERT's <c>vocab.txt</c>, SentencePiece's <c>tokenizer.model</c>; MedPeft
/// reads no other tokenizer file) under seeded mutations (<see cref="FuzzRun"/>): every case loads and turns a
/// question into ids and back, or ends in one <see cref="MedPeftException"/> naming the file.
/// </summary>
[Trait("Category", "Fuzz")]
[Collection(nameof(FuzzCollection))]
public class TokenizerFuzzTests
{
    const string Question = "Is there a nodule in the right upper lobe? Größe: 3 mm.";

    /// <param name="refusesSome">Nearly any text is a vocabulary (one token a line), so a vocab.txt may pass every case.</param>
    [Theory]
    [InlineData(ModelFolderFiles.BertVocab, 18_600, false)]
    [InlineData(ModelFolderFiles.SentencePiece, 18_650, true)]
    public void EveryMutatedTokenizerFileLoadsOrFailsWithOneClearError(string file, int seed, bool refusesSome)
    {
        using var folder = new TemporaryFolder();
        var outcome = FuzzRun.Check(MutationFuzzer.Cases([File.ReadAllBytes(TestData.Path("Text", file))], FuzzRun.Cases, seed),
            folder.File(file), RoundTrip(file));

        Assert.True(outcome.Accepted > 0 && (outcome.Refused > 0 || !refusesSome), $"{outcome}");
    }

    static Action<string> RoundTrip(string file) => file == ModelFolderFiles.BertVocab
        ? path =>
        {
            var tokenizer = BertWordPiece.Load(path);
            tokenizer.Decode(tokenizer.Encode(Question));
        }
        : path =>
        {
            var tokenizer = LlamaSentencePiece.Load(path);
            tokenizer.Decode(tokenizer.Encode(Question));
        };
}
