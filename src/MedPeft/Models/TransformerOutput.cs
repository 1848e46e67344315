using static TorchSharp.torch;

namespace MedPeft.Models;

/// <summary>
/// What a transformer stack returns: the last hidden state, and when asked for, every hidden
/// state (embeddings first, as HF orders them) and every layer's attention probabilities.
/// </summary>
internal sealed record TransformerOutput(Tensor LastHiddenState, IReadOnlyList<Tensor>? HiddenStates, IReadOnlyList<Tensor>? Attentions)
{
    /// <summary>Moves every tensor of the output out of the current dispose scope.</summary>
    public TransformerOutput MoveToOuterDisposeScope()
    {
        LastHiddenState.MoveToOuterDisposeScope();
        foreach (var t in HiddenStates ?? Array.Empty<Tensor>()) t.MoveToOuterDisposeScope();
        foreach (var t in Attentions ?? Array.Empty<Tensor>()) t.MoveToOuterDisposeScope();
        return this;
    }
}

/// <summary>Which optional outputs a forward pass should keep.</summary>
internal readonly record struct OutputRequest(bool HiddenStates = false, bool Attentions = false)
{
    public static OutputRequest None => default;
    public static OutputRequest All => new(true, true);
}

/// <summary>Runs a stack of layers and collects the optional outputs the way HF does.</summary>
internal static class EncoderStack
{
    /// <param name="finalNorm">Applied after the last layer (LLaMA's <c>norm</c>); HF records the normed state as the last hidden state.</param>
    public static TransformerOutput Run<TLayer>(Tensor hidden, IEnumerable<TLayer> layers, Func<TLayer, Tensor, (Tensor Hidden, Tensor? Probabilities)> step,
        OutputRequest request, Func<Tensor, Tensor>? finalNorm = null)
    {
        var states = request.HiddenStates ? new List<Tensor>() : null;
        var attentions = request.Attentions ? new List<Tensor>() : null;
        foreach (var layer in layers)
        {
            states?.Add(hidden);
            var (next, probabilities) = step(layer, hidden);
            if (probabilities is not null) attentions?.Add(probabilities);
            hidden = next;
        }
        if (finalNorm is not null) hidden = finalNorm(hidden);
        states?.Add(hidden);
        return new TransformerOutput(hidden, states, attentions);
    }
}
