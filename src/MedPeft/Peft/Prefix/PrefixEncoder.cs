using MedPeft.Nn;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace MedPeft.Peft.Prefix;

/// <summary>
/// Virtual key/value tokens for every self-attention layer of a component (HF PEFT's PrefixEncoder).
/// Prefix tuning reparameterises them: embedding [P, kv width] → Linear → tanh → Linear to
/// [P, layers · 2 · kv width]; P-tuning v2 learns that table directly. Registered on the component
/// as <c>prefix_encoder</c>.
/// </summary>
internal sealed class PrefixEncoder : nn.Module
{
    public const string ModuleName = "prefix_encoder";

    public readonly Embedding embedding;
    public readonly Linear? transform_1;
    public readonly Linear? transform_2;
    readonly long tokens, kvHeads, headDim, layers;

    public PrefixEncoder(int tokens, int layers, long kvHeads, long headDim, int? projectionHidden, Device device, ScalarType dtype) : base(nameof(PrefixEncoder))
    {
        (this.tokens, this.layers, this.kvHeads, this.headDim) = (tokens, layers, kvHeads, headDim);
        long kvWidth = kvHeads * headDim, total = layers * 2 * kvWidth;
        embedding = nn.Embedding(tokens, projectionHidden is null ? total : kvWidth, device: device, dtype: dtype);
        if (projectionHidden is int hidden)
        {
            transform_1 = nn.Linear(kvWidth, hidden, device: device, dtype: dtype);
            transform_2 = nn.Linear(hidden, total, device: device, dtype: dtype);
        }
        using (torch.no_grad())
        {
            // Small virtual keys/values: the base model's attention is barely disturbed at the start.
            embedding.weight!.normal_(0, projectionHidden is null ? 0.02 : 1.0);
        }
        RegisterComponents();
    }

    /// <summary>Layer <paramref name="layer"/>'s prefix keys and values, [batch, kv heads, P, head dim] each.</summary>
    public (Tensor Key, Tensor Value) For(int layer, long batch)
    {
        using var scope = NewDisposeScope();
        long kvWidth = kvHeads * headDim;
        Tensor rows;
        if (transform_1 is null) rows = embedding.weight!.narrow(1, layer * 2 * kvWidth, 2 * kvWidth);
        else
        {
            // Only this layer's slice of the second projection is computed.
            var hidden = torch.tanh(transform_1.forward(embedding.weight!));
            rows = nn.functional.linear(hidden, transform_2!.weight!.narrow(0, layer * 2 * kvWidth, 2 * kvWidth),
                transform_2.bias!.narrow(0, layer * 2 * kvWidth, 2 * kvWidth));
        }
        var split = rows.view(tokens, 2, kvHeads, headDim).permute(1, 2, 0, 3);
        var key = split[0].unsqueeze(0).expand(batch, kvHeads, tokens, headDim);
        var value = split[1].unsqueeze(0).expand(batch, kvHeads, tokens, headDim);
        return (key.MoveToOuterDisposeScope(), value.MoveToOuterDisposeScope());
    }

    /// <summary>The prefix source of one layer, to hand to its attention block.</summary>
    public IPrefixSource Layer(int layer) => new LayerPrefix(this, layer);

    sealed class LayerPrefix(PrefixEncoder encoder, int layer) : IPrefixSource
    {
        public (Tensor Key, Tensor Value) Prefix(long batch) => encoder.For(layer, batch);
    }
}
