using TorchSharp;
using static TorchSharp.torch;

namespace MedPeft.Nn;

/// <summary>
/// Additive attention masks as HF builds them: 0 where a key is visible, the dtype's most negative
/// finite value where it is not (never -inf, so a fully masked row stays finite, as in HF).
/// Shapes are [batch, 1, queries, keys] so they broadcast over heads.
/// </summary>
internal static class AttentionMasks
{
    public static double MinValue(ScalarType dtype) => torch.finfo(dtype).min;

    /// <summary>Hides padded keys (<paramref name="keyMask"/> [B, S], 1 = token, 0 = padding).</summary>
    public static Tensor Padding(Tensor keyMask, ScalarType dtype)
    {
        using var scope = NewDisposeScope();
        var visible = keyMask.to_type(dtype).unsqueeze(1).unsqueeze(1);
        return ((1.0 - visible) * MinValue(dtype)).MoveToOuterDisposeScope();
    }

    /// <summary>
    /// Causal mask for <paramref name="queries"/> new positions after <paramref name="past"/> cached ones,
    /// combined with the key padding mask [B, past + queries] when given. With a sliding window, keys
    /// more than <paramref name="slidingWindow"/> - 1 positions back are hidden too (Mistral).
    /// </summary>
    public static Tensor Causal(long batch, long queries, long past, Tensor? keyMask, ScalarType dtype, Device device, int? slidingWindow = null)
    {
        using var scope = NewDisposeScope();
        long keys = past + queries;
        var queryPositions = torch.arange(past, keys, device: device).unsqueeze(1);
        var keyPositions = torch.arange(0, keys, device: device).unsqueeze(0);
        var hidden = keyPositions > queryPositions;
        if (slidingWindow is int window) hidden = hidden.logical_or(queryPositions - keyPositions >= window);
        var blocked = hidden.unsqueeze(0).unsqueeze(0).expand(batch, 1, queries, keys);
        if (keyMask is not null) blocked = blocked.logical_or(keyMask.eq(0).unsqueeze(1).unsqueeze(1));
        var mask = torch.zeros(new[] { batch, 1, queries, keys }, dtype, device).masked_fill(blocked, MinValue(dtype));
        return mask.MoveToOuterDisposeScope();
    }

    /// <summary>Prepends always-visible columns for <paramref name="prefixLength"/> prefix keys.</summary>
    public static Tensor WithVisiblePrefix(Tensor mask, long prefixLength)
    {
        using var visible = torch.zeros(new[] { mask.shape[0], mask.shape[1], mask.shape[2], prefixLength }, mask.dtype, mask.device);
        return torch.cat(new[] { visible, mask }, -1);
    }
}
