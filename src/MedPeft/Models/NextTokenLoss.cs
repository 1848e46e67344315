using TorchSharp;
using static TorchSharp.torch;

namespace MedPeft.Models;

/// <summary>The causal language-model loss HF uses: logits[:, :-1] against labels[:, 1:].</summary>
internal static class NextTokenLoss
{
    /// <summary>Mean cross-entropy over the labels that are not -100.</summary>
    public static Tensor Compute(Tensor logits, Tensor labels, double labelSmoothing = 0.0)
    {
        using var scope = NewDisposeScope();
        // The labels move left instead of the logits, whose slice would be a [B, T-1, vocab] copy kept
        // until the backward pass; the last position, with nothing to predict, is ignored.
        var ignored = torch.full(labels.shape[0], 1, IgnoreIndex, labels.dtype, labels.device);
        var targets = torch.cat(new[] { labels.narrow(1, 1, labels.shape[1] - 1), ignored }, 1);
        return nn.functional.cross_entropy(logits.reshape(-1, logits.shape[2]), targets.reshape(-1), ignore_index: IgnoreIndex,
            label_smoothing: labelSmoothing).MoveToOuterDisposeScope();
    }

    const long IgnoreIndex = -100;
}
