using MedPeft.Data.Batching;
using MedPeft.Data.Datasets;
using MedPeft.Data.Images;
using MedPeft.Data.Text;
using MedPeft.Tests.Data.Text;
using TorchSharp;

namespace MedPeft.Tests.Data.Batching;

public class BatchingTests
{
    static readonly string ImageA = TestData.Path("Datasets", "jsonl", "img", "a.png");
    static readonly string ImageB = TestData.Path("Images", "Pictures", "rgb.png");

    static DatasetRow Row(string id, string? question, string answer, string image) =>
        new(id, DatasetSplit.Train, [image], question, answer, AnswerTypes.FromAnswer(answer));

    static long[] Flat(torch.Tensor t) => t.data<long>().ToArray();

    [Fact]
    public void BlipBatchHasClsQuestionSepAndBosAnswerSepRightPadded()
    {
        var bert = BertWordPiece.Load(TestData.Path("Text", "vocab.txt"));
        var builder = new BlipBatchBuilder(bert, new BlipTokens(Bos: 40, Sep: 3, Pad: 0), new ImagePipeline(ImagePreprocessing.Blip(8)));
        DatasetRow[] rows = [Row("a", "Is there a nodule in the left lung?", "Yes", ImageA), Row("b", "What organ?", "the left lung", ImageB)];
        using var batch = builder.Build(rows, [0, 1]);

        Assert.Equal(["a", "b"], batch.Ids);
        Assert.Equal(new long[] { 2, 3, 8, 8 }, batch.PixelValues.shape);
        Assert.Equal(torch.ScalarType.Float32, batch.PixelValues.dtype);
        Assert.Equal(new long[] { 2, 12 }, batch.InputIds.shape);
        Assert.Equal([2, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 3, /* b */ 2, 24, 25, 14, 3, 0, 0, 0, 0, 0, 0, 0], Flat(batch.InputIds));
        Assert.Equal([1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 0, 0, 0], Flat(batch.AttentionMask));
        Assert.Equal([40, 15, 3, 0, 0, /* b */ 40, 11, 12, 13, 3], Flat(batch.DecoderInputIds));
        Assert.Equal([1, 1, 1, 0, 0, 1, 1, 1, 1, 1], Flat(batch.DecoderAttentionMask));
        Assert.Equal([40, 15, 3, -100, -100, 40, 11, 12, 13, 3], Flat(batch.Labels));
    }

    [Fact]
    public void BlipTruncatesAndAsksReportRowsTheFixedPrompt()
    {
        var bert = BertWordPiece.Load(TestData.Path("Text", "vocab.txt"));
        var builder = new BlipBatchBuilder(bert, new BlipTokens(40, 3, 0), new ImagePipeline(ImagePreprocessing.Blip(8)), new BlipTextOptions(QuestionMaxLength: 6, AnswerMaxLength: 3));
        var (question, answer) = builder.Encode(Row("a", "Is there a nodule in the left lung?", "the left lung", ImageA));
        Assert.Equal([2, 5, 6, 7, 8, 3], question);
        Assert.Equal([40, 11, 3], answer);
        var (prompt, _) = new BlipBatchBuilder(bert, new BlipTokens(40, 3, 0), new ImagePipeline(ImagePreprocessing.Blip(8)))
            .Encode(new DatasetRow("r", DatasetSplit.Train, [ImageA], null, "heart size normal", null));
        Assert.Equal([2, 19, 11, 20, 21, 22, 23, 18, 3], prompt); // "describe the findings of this image."
        Assert.Equal(100, BlipTextOptions.For(DatasetTask.Report).AnswerMaxLength);
    }

    // llava-1.5's first piece: its system prompt and the user role, before the image.
    static int[] VicunaSystemAndUser => [.. TokenizerTests.Llama.Encode(ConversationTemplate.Llava15.System + " USER: ")];

    static LlavaBatchBuilder Llava(ConversationTemplate template, int maxLength = 512) =>
        new(TokenizerTests.Llama, new LlavaTokens(ImageToken: 420, Bos: 1, Eos: 2, Pad: 0), new ImagePipeline(ImagePreprocessing.Clip(8, 8)),
            new LlavaTextOptions(template, maxLength));

    [Fact]
    public void LlavaTrainingBatchMasksThePromptAndRightPads()
    {
        int[] user = VicunaSystemAndUser;
        int[] nodule = TokenizerTests.ReferenceIds("\nIs there a nodule? ASSISTANT:");
        int[] noduleYes = TokenizerTests.ReferenceIds("\nIs there a nodule? ASSISTANT: yes");
        int[] organ = TokenizerTests.ReferenceIds("\nWhat organ is shown in this image? ASSISTANT:");
        int[] organLiver = TokenizerTests.ReferenceIds("\nWhat organ is shown in this image? ASSISTANT: the liver");
        DatasetRow[] rows = [Row("a", "Is there a nodule?", "yes", ImageA), Row("b", "What organ is shown in this image?", "the liver", ImageB)];

        using var batch = Llava(ConversationTemplate.Llava15).BuildTraining(rows, [0, 1]);

        long[] a = [1, .. user, 420, .. noduleYes, 2];
        long[] b = [1, .. user, 420, .. organLiver, 2];
        int promptA = 1 + user.Length + 1 + nodule.Length, promptB = 1 + user.Length + 1 + organ.Length;
        int length = Math.Max(a.Length, b.Length);
        Assert.Equal(new long[] { 2, length }, batch.InputIds.shape);
        Assert.Equal([.. a, .. new long[length - a.Length], .. b, .. new long[length - b.Length]], Flat(batch.InputIds));
        Assert.Equal([.. Ones(a.Length), .. new long[length - a.Length], .. Ones(b.Length), .. new long[length - b.Length]], Flat(batch.AttentionMask));
        long[] labelsA = [.. Ignored(promptA), .. a[promptA..], .. Ignored(length - a.Length)];
        long[] labelsB = [.. Ignored(promptB), .. b[promptB..], .. Ignored(length - b.Length)];
        Assert.Equal([.. labelsA, .. labelsB], Flat(batch.Labels!));
        Assert.Equal(new long[] { 2, 3, 8, 8 }, batch.PixelValues.shape);
    }

    [Fact]
    public void LlavaGenerationBatchIsThePromptLeftPadded()
    {
        int[] inst = TokenizerTests.ReferenceIds("[INST] ");
        int[] nodule = TokenizerTests.ReferenceIds("\nIs there a nodule? ASSISTANT:");
        int[] organ = TokenizerTests.ReferenceIds("\nWhat organ is shown in this image? [/INST]");
        DatasetRow[] rows = [Row("a", "What organ is shown in this image?", "the liver", ImageA)];
        using var single = Llava(ConversationTemplate.MistralInstruct).BuildGeneration(rows, [0]);
        Assert.Equal([1, .. inst, 420, .. organ], Flat(single.InputIds));
        Assert.Null(single.Labels);

        DatasetRow[] two = [Row("a", "What organ is shown in this image?", "x", ImageA), Row("b", "Is there a nodule?", "x", ImageB)];
        using var batch = Llava(ConversationTemplate.Llava15).BuildGeneration(two, [1, 0]);
        int[] user = VicunaSystemAndUser;
        long[] first = [1, .. user, 420, .. nodule], second = [1, .. user, 420, .. TokenizerTests.ReferenceIds("\nWhat organ is shown in this image? ASSISTANT:")];
        int pad = second.Length - first.Length;
        Assert.Equal(["b", "a"], batch.Ids);
        Assert.Equal([.. new long[pad], .. first, .. second], Flat(batch.InputIds));
        Assert.Equal([.. new long[pad], .. Ones(first.Length), .. Ones(second.Length)], Flat(batch.AttentionMask));
    }

    [Fact]
    public void LlavaTruncatesTheAnswerAndRefusesAPromptTooLong()
    {
        var row = Row("a", "What organ is shown in this image?", "the liver", ImageA);
        int prompt = 1 + VicunaSystemAndUser.Length + 1 + TokenizerTests.ReferenceIds("\nWhat organ is shown in this image? ASSISTANT:").Length;
        var (_, answer) = Llava(ConversationTemplate.Llava15, maxLength: prompt + 3).EncodeTraining(row);
        Assert.Equal(3, answer.Length);
        Assert.Equal(2, answer[^1]); // EOS kept
        var error = Assert.Throws<MedPeftException>(() => Llava(ConversationTemplate.Llava15, maxLength: prompt).EncodeTraining(row));
        Assert.Contains("row a (train)", error.Message);
    }

    [Fact]
    public void UnreadableImageIsReportedWithTheRow()
    {
        var bert = BertWordPiece.Load(TestData.Path("Text", "vocab.txt"));
        var builder = new BlipBatchBuilder(bert, new BlipTokens(40, 3, 0), new ImagePipeline(ImagePreprocessing.Blip(8)));
        DatasetRow[] rows = [Row("cut", "Is there a nodule?", "yes", TestData.Path("Images", "Pictures", "truncated.jpg"))];
        var error = Assert.Throws<MedPeftException>(() => builder.Build(rows, [0]));
        Assert.StartsWith("row cut (train): ", error.Message);
        Assert.Contains("truncated.jpg", error.Message);
    }

    [Fact]
    public void EpochOrderIsAPurePermutationOfSeedAndEpoch()
    {
        var a = EpochOrder.Permutation(100, 42, 3);
        Assert.Equal(Enumerable.Range(0, 100), a.Order());
        Assert.Equal(a, EpochOrder.Permutation(100, 42, 3));
        Assert.NotEqual(a, EpochOrder.Permutation(100, 42, 4));
        Assert.NotEqual(a, EpochOrder.Permutation(100, 43, 3));
        var batches = EpochOrder.Batches(10, 4, 42, 0).ToList();
        Assert.Equal([4, 4, 2], batches.Select(b => b.Length));
        Assert.Equal(EpochOrder.Permutation(10, 42, 0), batches.SelectMany(b => b));
        Assert.Equal(2, EpochOrder.Batches(10, 4, 42, 0, dropLast: true).Count());
        Assert.Equal([0, 1, 2, 3], EpochOrder.Batches(10, 4, 42, 0, shuffle: false).First());
    }

    static long[] Ones(int count) => Enumerable.Repeat(1L, count).ToArray();
    static long[] Ignored(int count) => Enumerable.Repeat(-100L, count).ToArray();
}
