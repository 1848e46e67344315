using MedPeft.Data.Datasets;
using MedPeft.Data.Images;
using MedPeft.Data.Text;
using static TorchSharp.torch;

namespace MedPeft.Data.Batching;

/// <summary>The ids a LLaVA model's config gives: the image token (<c>image_token_index</c>), BOS, EOS and padding.</summary>
internal sealed record LlavaTokens(int ImageToken, int Bos, int Eos, int Pad);

/// <summary>The conversation template, the longest sequence, and the question asked of a report row.</summary>
internal sealed record LlavaTextOptions(ConversationTemplate Template, int MaxLength = LlavaTextOptions.DefaultMaxLength, string ReportPrompt = BlipTextOptions.DefaultReportPrompt)
{
    /// <summary>Tokens of text (prompt with the image placeholder, answer, end token) a row may take.</summary>
    public const int DefaultMaxLength = 512;
}

/// <summary>
/// Builds <see cref="LlavaBatch"/>es as LLaVA's own training code does: the prompt is split at
/// <c>&lt;image&gt;</c>, each piece tokenized on its own (so each starts with SentencePiece's "▁"), BOS
/// first and the image token id between the pieces; the answer is tokenized together with the last
/// piece (as the whole conversation is) and followed by EOS. Training batches are right-padded,
/// generation batches (prompts only) left-padded.
/// </summary>
internal sealed class LlavaBatchBuilder(LlamaSentencePiece tokenizer, LlavaTokens tokens, ImagePipeline images, LlavaTextOptions options, MedicalImageOptions? imageOptions = null)
{
    /// <summary>What turns a row's image into its pixel values.</summary>
    public ImagePipeline Images => images;

    public LlavaBatch BuildTraining(IReadOnlyList<DatasetRow> split, IReadOnlyList<int> indices, int epoch = 0)
    {
        var sequences = new List<IReadOnlyList<long>>();
        var labels = new List<IReadOnlyList<long>>();
        foreach (var index in indices)
        {
            var (prompt, answer) = EncodeTraining(split[index]);
            sequences.Add([.. prompt, .. answer]);
            labels.Add([.. Enumerable.Repeat(Padding.IgnoreIndex, prompt.Length), .. answer]);
        }
        return Build(split, indices, epoch, sequences, labels, left: false);
    }

    public LlavaBatch BuildGeneration(IReadOnlyList<DatasetRow> split, IReadOnlyList<int> indices) => BuildGeneration(split, indices, null);

    /// <summary>A generation batch with pixel values already computed ([B, 3, H, W], one per row); the batch owns them.</summary>
    public LlavaBatch BuildGeneration(IReadOnlyList<DatasetRow> split, IReadOnlyList<int> indices, Tensor? pixels)
    {
        var prompts = indices.Select(i => (IReadOnlyList<long>)EncodePrompt(split[i])).ToList();
        return Build(split, indices, 0, prompts, null, left: true, pixels);
    }

    LlavaBatch Build(IReadOnlyList<DatasetRow> split, IReadOnlyList<int> indices, int epoch, List<IReadOnlyList<long>> sequences, List<IReadOnlyList<long>>? labels, bool left,
        Tensor? given = null)
    {
        if (indices.Count == 0) throw new MedPeftException("a batch needs at least one row.");
        using var scope = NewDisposeScope();
        var pixels = given ?? BatchImages.Load(split, indices, images, imageOptions ?? MedicalImageOptions.Default, epoch).MoveToOuterDisposeScope();
        var (ids, mask) = Padding.Pad(sequences, tokens.Pad, left);
        var labelTensor = labels is null ? null : Padding.Labels(labels, left);
        return new LlavaBatch(indices.Select(i => split[i].Id).ToArray(), pixels,
            ids.MoveToOuterDisposeScope(), mask.MoveToOuterDisposeScope(), labelTensor?.MoveToOuterDisposeScope());
    }

    /// <summary>The prompt ids (BOS, pieces, image token) of a row, as for generation.</summary>
    public long[] EncodePrompt(DatasetRow row)
    {
        var pieces = Pieces(row);
        var ids = PromptIds(pieces, tokenizer.Encode(pieces[^1]));
        return Check(row, ids, ids.Count).ToArray();
    }

    /// <summary>The prompt ids and the answer ids (ending with EOS) of a row, truncated to the maximum length.</summary>
    public (long[] Prompt, long[] Answer) EncodeTraining(DatasetRow row)
    {
        var pieces = Pieces(row);
        var last = pieces[^1];
        int promptLength = tokenizer.Encode(last).Count;
        var joint = tokenizer.Encode(last + options.Template.AnswerFor(row.Answer));
        var prompt = PromptIds(pieces, joint.Take(promptLength).ToArray());
        Check(row, prompt, prompt.Count + 1);
        var answer = joint.Skip(promptLength).Take(options.MaxLength - prompt.Count - 1).Select(id => (long)id).Append(tokens.Eos);
        return (prompt.ToArray(), answer.ToArray());
    }

    string[] Pieces(DatasetRow row) => options.Template.PromptFor(row.Question ?? options.ReportPrompt).Split(ConversationTemplate.ImagePlaceholder);

    /// <summary>BOS, then each piece's ids with the image token between pieces; the last piece's ids are given.</summary>
    List<long> PromptIds(string[] pieces, IReadOnlyList<int> lastPiece)
    {
        var ids = new List<long> { tokens.Bos };
        for (int p = 0; p < pieces.Length; p++)
        {
            if (p > 0) ids.Add(tokens.ImageToken);
            var pieceIds = p == pieces.Length - 1 ? lastPiece : (pieces[p].Length == 0 ? [] : tokenizer.Encode(pieces[p]));
            ids.AddRange(pieceIds.Select(id => (long)id));
        }
        return ids;
    }

    List<long> Check(DatasetRow row, List<long> prompt, int needed)
    {
        if (needed > options.MaxLength)
            throw new MedPeftException($"row {row.Id} ({row.Split.Name()}): the prompt takes {prompt.Count} tokens, more than the maximum length {options.MaxLength} allows.");
        return prompt;
    }
}
