using MedPeft.Generation;
using MedPeft.Nn;
using MedPeft.Models.Bert;
using TorchSharp;
using static TorchSharp.torch;

namespace MedPeft.Models.Blip;

/// <summary>
/// Step-by-step decoding of BLIP's answer decoder from the [bos] token, cross-attending to the
/// encoded question. Without the cache every step re-runs the whole answer (a reference for tests).
/// </summary>
internal sealed class BlipAnswerDecoder : IStepDecoder
{
    readonly BlipTextLMHeadModel decoder;
    readonly bool useCache;
    Tensor question, questionMask, ids;
    BertLayerCache[]? cache;

    /// <param name="questionMask">Mask over the question for the cross-attention; HF's generate uses all ones.</param>
    public BlipAnswerDecoder(BlipTextLMHeadModel decoder, Tensor questionEmbeds, Tensor questionMask, long bosTokenId, bool useCache = true)
    {
        this.decoder = decoder;
        this.useCache = useCache;
        question = questionEmbeds.detach().clone().DetachFromDisposeScope();
        this.questionMask = questionMask.clone().DetachFromDisposeScope();
        ids = torch.full(questionEmbeds.shape[0], 1, bosTokenId, ScalarType.Int64, questionEmbeds.device).DetachFromDisposeScope();
        cache = useCache ? decoder.bert.NewCache() : null;
    }

    public Tensor Start() => Run(ids);

    public Tensor Next(Tensor tokens)
    {
        using var scope = NewDisposeScope();
        var step = tokens.to(ids.device).unsqueeze(1);
        TensorFields.Replace(ref ids, torch.cat(new[] { ids, step }, 1));
        return (useCache ? Run(step) : Run(ids)).MoveToOuterDisposeScope();
    }

    public void SelectRows(Tensor rows)
    {
        using var index = rows.to(ids.device);
        TensorFields.Replace(ref ids, ids.index_select(0, index));
        TensorFields.Replace(ref question, question.index_select(0, index));
        TensorFields.Replace(ref questionMask, questionMask.index_select(0, index));
        foreach (var layer in cache ?? Array.Empty<BertLayerCache>())
        {
            layer.Self.Select(index);
            layer.Cross.Select(index);
        }
    }

    Tensor Run(Tensor inputIds)
    {
        using var scope = NewDisposeScope();
        using var noGrad = torch.no_grad();
        var logits = decoder.Forward(inputIds, null, question, questionMask, cache);
        return logits.select(1, logits.shape[1] - 1).MoveToOuterDisposeScope();
    }

    public void Dispose()
    {
        question.Dispose();
        questionMask.Dispose();
        ids.Dispose();
        foreach (var layer in cache ?? Array.Empty<BertLayerCache>())
        {
            layer.Self.Dispose();
            layer.Cross.Dispose();
        }
    }
}
