using MedPeft.Nn;
using static TorchSharp.torch;

namespace MedPeft.Peft.Lora;

/// <summary>
/// A trained LoRA layer's values as an adapter of no model: what <see cref="LoraAdapter"/> adds in evaluation (no
/// dropout), for serving several LoRA adapters on one base model (<see cref="SampleLayers"/>).
/// </summary>
internal sealed class LoraValues(Tensor a, Tensor b, double scaling) : ILinearAdapter
{
    public Tensor? Delta(Tensor input) => LoraAdapter.LowRank(input, a, b, scaling);
}
