using MedPeft.Nn;
using static TorchSharp.torch;

namespace MedPeft.Peft.Ia3;

/// <summary>
/// A trained IA3 vector as an adapter of no model: what <see cref="Ia3Adapter"/> does, for serving several IA3 adapters
/// on one base model (<see cref="SampleLayers"/>).
/// </summary>
internal sealed class Ia3Values(Tensor vector, bool feedForward) : ILinearAdapter
{
    public Tensor AdaptInput(Tensor input) => feedForward ? Ia3Adapter.Scaled(input, vector) : input;

    public Tensor AdaptOutput(Tensor output) => feedForward ? output : Ia3Adapter.Scaled(output, vector);
}
