using static TorchSharp.torch;

namespace MedPeft.Models.Onnx;

/// <summary>Weights read from an ONNX graph, by module parameter (and buffer) name, with the config inferred from the graph.</summary>
internal sealed record ImportedWeights<TConfig>(TConfig Config, IReadOnlyDictionary<string, Tensor> Tensors) : IDisposable
{
    public void Dispose()
    {
        foreach (var tensor in Tensors.Values) tensor.Dispose();
    }
}
