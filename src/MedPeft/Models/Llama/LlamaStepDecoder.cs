using MedPeft.Generation;
using MedPeft.Nn;
using TorchSharp;
using static TorchSharp.torch;

namespace MedPeft.Models.Llama;

/// <summary>
/// Step-by-step decoding of a LLaMA-family model from a (left-padded) prompt given as embeddings,
/// which is how LLaVA hands over its merged image+text input. Positions follow HF's generate:
/// cumsum(mask) - 1. Without the cache every step re-runs the whole sequence (a reference for tests).
/// </summary>
internal sealed class LlamaStepDecoder : IStepDecoder
{
    readonly LlamaForCausalLM model;
    readonly bool useCache;
    Tensor embeds, mask;
    KeyValueCache[]? cache;

    public LlamaStepDecoder(LlamaForCausalLM model, Tensor promptEmbeds, Tensor promptMask, bool useCache = true)
    {
        this.model = model;
        this.useCache = useCache;
        embeds = promptEmbeds.detach().clone().DetachFromDisposeScope();
        mask = promptMask.clone().DetachFromDisposeScope();
        cache = useCache ? model.NewCache() : null;
    }

    public Tensor Start() => Run(embeds, PositionIds.FromMask(mask));

    public Tensor Next(Tensor tokens)
    {
        using var scope = NewDisposeScope();
        var tokenEmbeds = model.model.embed_tokens.forward(tokens.to(embeds.device).unsqueeze(1));
        TensorFields.Replace(ref mask, torch.cat(new[] { mask, torch.ones(mask.shape[0], 1, mask.dtype, mask.device) }, 1));
        if (useCache) return Run(tokenEmbeds, PositionIds.FromMask(mask).narrow(1, mask.shape[1] - 1, 1)).MoveToOuterDisposeScope();
        TensorFields.Replace(ref embeds, torch.cat(new[] { embeds, tokenEmbeds }, 1));
        return Run(embeds, PositionIds.FromMask(mask)).MoveToOuterDisposeScope();
    }

    public void SelectRows(Tensor rows)
    {
        var device = mask.device;
        using var index = rows.to(device);
        TensorFields.Replace(ref mask, mask.index_select(0, index));
        TensorFields.Replace(ref embeds, embeds.index_select(0, index));
        foreach (var layer in cache ?? Array.Empty<KeyValueCache>()) layer.Select(index);
    }

    Tensor Run(Tensor inputEmbeds, Tensor positions)
    {
        using var scope = NewDisposeScope();
        using var noGrad = torch.no_grad();
        var (logits, _) = model.Forward(null, inputEmbeds, mask, positions, cache, OutputRequest.None);
        return logits.select(1, logits.shape[1] - 1).MoveToOuterDisposeScope();
    }

    public void Dispose()
    {
        embeds.Dispose();
        mask.Dispose();
        foreach (var layer in cache ?? Array.Empty<KeyValueCache>()) layer.Dispose();
    }
}
