using TorchSharp;
using static TorchSharp.torch;

namespace MedPeft.Nn;

/// <summary>
/// softmax(q kᵀ / √d + mask) v for [B, heads, T, d] queries and [B, heads, S, d] keys/values.
/// When the probabilities are wanted (parity checks, inspection) it runs the explicit form with
/// the softmax in float32 as HF's eager attention does; otherwise LibTorch's fused kernel, which
/// keeps no [T, S] matrix per head for the backward pass.
/// </summary>
internal static class AttentionKernel
{
    /// <param name="causal">
    /// Query i sees keys 0..i (T = S, no padding): the fused kernel then skips the hidden half of the
    /// scores instead of reading a mask. Only with <paramref name="mask"/> null.
    /// </param>
    public static (Tensor Context, Tensor? Probabilities) Attend(Tensor query, Tensor key, Tensor value, Tensor? mask, bool returnProbabilities,
        bool causal = false)
    {
        if (causal && mask is not null) throw new ArgumentException("a causal attention takes no mask", nameof(mask));
        if (!returnProbabilities)
            return (nn.functional.scaled_dot_product_attention(query, key, value, mask, is_casual: causal), null);
        using var scope = NewDisposeScope();
        if (causal) mask = AttentionMasks.Causal(query.shape[0], query.shape[2], 0, null, query.dtype, query.device);
        var scores = torch.matmul(query, key.transpose(-1, -2)) / Math.Sqrt(query.shape[^1]);
        if (mask is not null) scores = scores + mask;
        var probabilities = nn.functional.softmax(scores, -1, ScalarType.Float32).to_type(query.dtype);
        var context = torch.matmul(probabilities, value);
        return (context.MoveToOuterDisposeScope(), probabilities.MoveToOuterDisposeScope());
    }

    /// <summary>[B, S, heads·d] → [B, heads, S, d].</summary>
    public static Tensor SplitHeads(Tensor x, long heads) =>
        x.view(x.shape[0], x.shape[1], heads, -1).transpose(1, 2);

    /// <summary>[B, heads, S, d] → [B, S, heads·d].</summary>
    public static Tensor MergeHeads(Tensor x) =>
        x.transpose(1, 2).contiguous().view(x.shape[0], x.shape[2], -1);

    /// <summary>Repeats each key/value head for grouped-query attention ([B, kv, S, d] → [B, kv·groups, S, d]).</summary>
    public static Tensor RepeatKeyValue(Tensor x, long groups)
    {
        if (groups == 1) return x.alias();
        var (b, kv, s, d) = (x.shape[0], x.shape[1], x.shape[2], x.shape[3]);
        return x.unsqueeze(2).expand(b, kv, groups, s, d).reshape(b, kv * groups, s, d);
    }
}
