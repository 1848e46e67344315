using TorchSharp;
using static TorchSharp.torch;

namespace MedPeft.Nn;

/// <summary>Whether an attention block attends to its own sequence or to another one.</summary>
public enum AttentionKind
{
    /// <summary>Attention of a sequence to itself.</summary>
    Self,
    /// <summary>Attention of text to image features.</summary>
    Cross,
}

/// <summary>The role of a projection inside an attention block.</summary>
internal enum ProjectionRole { Query, Key, Value, Output }

/// <summary>A projection of an attention block; a fused qkv projection carries three roles.</summary>
internal sealed record AttentionProjection(IReadOnlySet<ProjectionRole> Roles, AdaptableLinear Linear);

/// <summary>
/// Prefix keys and values prepended to an attention block's own keys/values (prefix tuning,
/// P-tuning v2). Tensors are [batch, key/value heads, prefix length, head dim].
/// </summary>
internal interface IPrefixSource
{
    (Tensor Key, Tensor Value) Prefix(long batch);
}

/// <summary>
/// An attention block as PEFT methods see it: its kind, its projections, and a slot for prefix
/// keys/values. Every attention class of every model implements it.
/// </summary>
internal interface IAttentionBlock
{
    AttentionKind Kind { get; }
    IReadOnlyList<AttentionProjection> Projections { get; }
    long KeyValueHeads { get; }
    long HeadDim { get; }
    IPrefixSource? Prefix { get; set; }
}

/// <summary>
/// A feed-forward block: its linear layers, and the one that projects back to the residual width
/// (<c>down_proj</c>, <c>output.dense</c>, <c>fc2</c>), which IA3 rescales and after which adapters go.
/// </summary>
internal interface IFeedForwardBlock
{
    IReadOnlyList<AdaptableLinear> Linears { get; }
    AdaptableLinear OutputProjection { get; }
}

/// <summary>
/// A model that takes a soft prompt (prompt tuning) at its text input: the prompt's rows are prepended
/// to the input embeddings and the masks and labels are extended to match.
/// </summary>
internal interface ISoftPromptHost
{
    /// <summary>The component whose input the prompt is prepended to (<c>text-encoder</c>, <c>llm</c>).</summary>
    string PromptComponent { get; }

    /// <summary>The width of the prompt rows (the component's hidden size).</summary>
    long PromptWidth { get; }

    /// <summary>The component's word-embedding table [vocab, width] (a soft prompt starts from some of its rows).</summary>
    Tensor InputEmbeddingWeight { get; }

    /// <summary>Set by prompt tuning: the prompt rows [P, width]; null when there is none.</summary>
    Func<Tensor>? SoftPrompt { get; set; }
}

/// <summary>Helpers that apply an attention block's prefix, when it has one.</summary>
internal static class PrefixExtensions
{
    /// <summary>Prepends the prefix to keys/values ([B, kv heads, S, d]) and opens the mask for it.</summary>
    public static (Tensor Key, Tensor Value, Tensor? Mask) WithPrefix(this IAttentionBlock block, Tensor key, Tensor value, Tensor? mask)
    {
        if (block.Prefix is null) return (key, value, mask);
        var (prefixKey, prefixValue) = block.Prefix.Prefix(key.shape[0]);
        long length = prefixKey.shape[2];
        var fullMask = mask is null ? null : AttentionMasks.WithVisiblePrefix(mask, length);
        return (torch.cat(new[] { prefixKey.to_type(key.dtype), key }, 2), torch.cat(new[] { prefixValue.to_type(value.dtype), value }, 2), fullMask);
    }
}
