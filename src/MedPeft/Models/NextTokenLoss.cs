using TorchSharp;
using static TorchSharp.torch;

namespace MedPeft.Models;

/// <summary>The causal language-model loss HF uses: logits[:, :-1] against labels[:, 1:].</summary>
public static class NextTokenLoss
{
    /// <summary>Mean cross-entropy over the labels that are not -100.</summary>
    public static Tensor Compute(Tensor logits, Tensor labels, double labelSmoothing = 0.0)
    {
        using var scope = NewDisposeScope();
        long length = logits.shape[1], vocab = logits.shape[2];
        var shifted = logits.narrow(1, 0, length - 1).reshape(-1, vocab);
        var targets = labels.narrow(1, 1, labels.shape[1] - 1).reshape(-1);
        return nn.functional.cross_entropy(shifted, targets, ignore_index: -100, label_smoothing: labelSmoothing).MoveToOuterDisposeScope();
    }
}
