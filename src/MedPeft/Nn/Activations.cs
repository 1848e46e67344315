using TorchSharp;
using static TorchSharp.torch;

namespace MedPeft.Nn;

/// <summary>The activation functions HF configs name in <c>hidden_act</c>.</summary>
internal static class Activations
{
    /// <summary>Every name <see cref="ByName"/> knows (HF's aliases included).</summary>
    public static readonly IReadOnlyList<string> Names = ["gelu", "gelu_new", "gelu_pytorch_tanh", "gelu_fast", "quick_gelu", "silu", "swish", "relu", "tanh"];

    public static Func<Tensor, Tensor> ByName(string name, string source) => name switch
    {
        "gelu" => x => nn.functional.gelu(x),
        "gelu_new" or "gelu_pytorch_tanh" or "gelu_fast" => x => nn.functional.gelu(x, TorchSharp.Modules.GELU.Approximate.tanh),
        "quick_gelu" => x => x * torch.sigmoid(1.702 * x),
        "silu" or "swish" => x => nn.functional.silu(x),
        "relu" => x => nn.functional.relu(x),
        "tanh" => x => torch.tanh(x),
        _ => throw new MedPeftException($"{source}: hidden_act '{name}' is not supported; expected one of {string.Join(", ", Names)}."),
    };
}
