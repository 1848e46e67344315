using MedPeft.Data.Datasets;
using MedPeft.Data.Images;
using MedPeft.Data.Text;
using static TorchSharp.torch;

namespace MedPeft.Data.Batching;

/// <summary>The ids BLIP's text config gives: the decoder's start token (<c>[DEC]</c> in BLIP), the end (<c>[SEP]</c>) and padding.</summary>
internal sealed record BlipTokens(int Bos, int Sep, int Pad);

/// <summary>
/// Lengths of the BLIP text: questions to <see cref="QuestionMaxLength"/> tokens with [CLS] and [SEP];
/// answers to <see cref="AnswerMaxLength"/> tokens with bos and sep (VQA: 10 + 2; reports: 100).
/// A report row's question is <see cref="ReportPrompt"/>.
/// </summary>
internal sealed record BlipTextOptions(int QuestionMaxLength = 35, int AnswerMaxLength = 12, string ReportPrompt = BlipTextOptions.DefaultReportPrompt)
{
    public const string DefaultReportPrompt = "describe the findings of this image.";

    public static BlipTextOptions For(DatasetTask task) => task == DatasetTask.Report ? new(AnswerMaxLength: 100) : new();
}

/// <summary>
/// Builds <see cref="BlipBatch"/>es: question <c>[CLS] q [SEP]</c> (lower-cased WordPiece), answer
/// <c>[bos] a [sep]</c>, both truncated then right-padded with the pad id.
/// </summary>
internal sealed class BlipBatchBuilder(BertWordPiece tokenizer, BlipTokens tokens, ImagePipeline images, BlipTextOptions? options = null, MedicalImageOptions? imageOptions = null)
{
    readonly BlipTextOptions options = options ?? new BlipTextOptions();

    /// <summary>What turns a row's image into its pixel values.</summary>
    public ImagePipeline Images => images;

    /// <summary>The batch of rows <paramref name="indices"/> of <paramref name="split"/>; the epoch keys augmentation.</summary>
    public BlipBatch Build(IReadOnlyList<DatasetRow> split, IReadOnlyList<int> indices, int epoch = 0)
    {
        if (indices.Count == 0) throw new MedPeftException("a batch needs at least one row.");
        return Build(split, indices, BatchImages.Load(split, indices, images, imageOptions ?? MedicalImageOptions.Default, epoch));
    }

    /// <summary>The batch of rows <paramref name="indices"/> with pixel values already computed ([B, 3, H, W], one per row); the batch owns them.</summary>
    public BlipBatch Build(IReadOnlyList<DatasetRow> split, IReadOnlyList<int> indices, Tensor pixels)
    {
        if (indices.Count == 0) throw new MedPeftException("a batch needs at least one row.");
        using var scope = NewDisposeScope();
        var questions = new List<IReadOnlyList<long>>();
        var answers = new List<IReadOnlyList<long>>();
        foreach (var index in indices)
        {
            var (question, answer) = Encode(split[index]);
            questions.Add(question);
            answers.Add(answer);
        }
        var (inputIds, attention) = Padding.Pad(questions, tokens.Pad, left: false);
        var (decoderIds, decoderMask) = Padding.Pad(answers, tokens.Pad, left: false);
        var labels = Padding.Labels(answers, left: false);
        return new BlipBatch(indices.Select(i => split[i].Id).ToArray(),
            pixels, inputIds.MoveToOuterDisposeScope(), attention.MoveToOuterDisposeScope(),
            decoderIds.MoveToOuterDisposeScope(), decoderMask.MoveToOuterDisposeScope(), labels.MoveToOuterDisposeScope());
    }

    /// <summary>The question and answer ids of one row, before padding.</summary>
    public (long[] Question, long[] Answer) Encode(DatasetRow row)
    {
        var question = Wrap(tokenizer.ClsId, tokenizer.Encode(row.Question ?? options.ReportPrompt), tokenizer.SepId, options.QuestionMaxLength);
        var answer = Wrap(tokens.Bos, tokenizer.Encode(row.Answer), tokens.Sep, options.AnswerMaxLength);
        return (question, answer);
    }

    static long[] Wrap(int first, IReadOnlyList<int> body, int last, int maxLength)
    {
        if (maxLength < 2) throw new MedPeftException($"a maximum length of {maxLength} leaves no room for the text between its two special tokens.");
        return [first, .. body.Take(maxLength - 2).Select(id => (long)id), last];
    }
}
