using MedPeft.Models.Configs;
using MedPeft.Nn;
using TorchSharp;
using static TorchSharp.torch;

namespace MedPeft.Models.Llava;

/// <summary>
/// Replaces every <c>&lt;image&gt;</c> token by the rows of one image's features, as HF transformers
/// 4.40 does in <c>_merge_input_ids_with_image_features</c>: rows with fewer image tokens are padded
/// to the longest merged row, on the left unless some row ends with the pad token (right padding);
/// image and padding positions get label -100; text tokens equal to the pad id get a zero embedding;
/// positions are cumsum(mask) - 1, with 1 at masked positions.
/// </summary>
internal static class LlavaInputMerger
{
    public static LlavaMergedInput Merge(LlavaConfig config, Tensor textEmbeds, Tensor inputIds, Tensor imageFeatures, Tensor attentionMask, Tensor? labels)
    {
        using var scope = NewDisposeScope();
        long batch = inputIds.shape[0], length = inputIds.shape[1], width = textEmbeds.shape[2];
        long images = imageFeatures.shape[0], patches = imageFeatures.shape[1];
        var ids = inputIds.cpu().data<long>().ToArray();
        long pad = config.PadTokenId ?? -1;
        var imageCounts = Enumerable.Range(0, (int)batch).Select(b => ids.Skip(b * (int)length).Take((int)length).LongCount(t => t == config.ImageTokenIndex)).ToArray();
        if (imageCounts.Sum() != images)
            throw new MedPeftException($"the prompts hold {imageCounts.Sum()} <image> tokens (id {config.ImageTokenIndex}) but {images} images were given; each <image> token takes one image.");
        long mergedLength = imageCounts.Max() * (patches - 1) + length;
        bool leftPadding = !Enumerable.Range(0, (int)batch).Any(b => ids[b * length + length - 1] == pad);

        // Every merged position reads one row of [text embeddings; image features; a zero row];
        // textIndex says which input token it came from (-1: image row or padding).
        long imageBase = batch * length, zeroRow = imageBase + images * patches;
        var source = new long[batch * mergedLength];
        var textIndex = new long[batch * mergedLength];
        var isImage = new bool[batch * mergedLength];
        Array.Fill(source, zeroRow);
        Array.Fill(textIndex, -1);
        long image = 0;
        for (long b = 0; b < batch; b++)
        {
            long rowLength = length + imageCounts[b] * (patches - 1);
            long position = b * mergedLength + (leftPadding ? mergedLength - rowLength : 0);
            for (long t = 0; t < length; t++)
            {
                long token = ids[b * length + t];
                if (token == config.ImageTokenIndex)
                {
                    for (long p = 0; p < patches; p++, position++)
                    {
                        source[position] = imageBase + image * patches + p;
                        isImage[position] = true;
                    }
                    image++;
                    continue;
                }
                if (token != pad) source[position] = b * length + t;
                textIndex[position++] = b * length + t;
            }
        }
        var device = textEmbeds.device;
        var rows = torch.cat(new[] { textEmbeds.reshape(-1, width), imageFeatures.to_type(textEmbeds.dtype).reshape(-1, width), torch.zeros(1, width, textEmbeds.dtype, device) });
        var embeds = rows.index_select(0, torch.tensor(source, device: device)).view(batch, mergedLength, width);
        var fromText = torch.tensor(textIndex, device: device);
        var isText = fromText.ge(0).view(batch, mergedLength);
        var gather = fromText.clamp_min(0);
        var textMask = attentionMask.reshape(-1).index_select(0, gather).view(batch, mergedLength);
        var imageMask = torch.tensor(isImage, device: device).view(batch, mergedLength).to_type(attentionMask.dtype);
        var mask = torch.where(isText, textMask, imageMask);
        var positions = PositionIds.FromMask(mask);
        Tensor? mergedLabels = null;
        if (labels is not null)
        {
            var textLabels = labels.reshape(-1).index_select(0, gather).view(batch, mergedLength);
            mergedLabels = torch.where(isText, textLabels, torch.full_like(textLabels, config.IgnoreIndex));
        }
        return new LlavaMergedInput(embeds.MoveToOuterDisposeScope(), mask.MoveToOuterDisposeScope(), positions.MoveToOuterDisposeScope(),
            mergedLabels?.MoveToOuterDisposeScope());
    }

    /// <summary>Puts soft prompt rows [P, width] before every row (prompt tuning): visible, label -100, positions recounted.</summary>
    public static LlavaMergedInput PrependPrompt(LlavaConfig config, LlavaMergedInput merged, Tensor prompt)
    {
        using var scope = NewDisposeScope();
        long batch = merged.InputsEmbeds.shape[0], length = prompt.shape[0];
        var embeds = torch.cat(new[] { prompt.to_type(merged.InputsEmbeds.dtype).unsqueeze(0).expand(batch, length, prompt.shape[1]), merged.InputsEmbeds }, 1);
        var mask = torch.cat(new[] { torch.ones(batch, length, merged.AttentionMask.dtype, merged.AttentionMask.device), merged.AttentionMask }, 1);
        var labels = merged.Labels is null ? null
            : torch.cat(new[] { torch.full(batch, length, config.IgnoreIndex, merged.Labels.dtype, merged.Labels.device), merged.Labels }, 1);
        var positions = PositionIds.FromMask(mask);
        return new LlavaMergedInput(embeds.MoveToOuterDisposeScope(), mask.MoveToOuterDisposeScope(), positions.MoveToOuterDisposeScope(), labels?.MoveToOuterDisposeScope());
    }
}
