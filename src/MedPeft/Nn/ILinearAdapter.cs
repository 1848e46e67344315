using static TorchSharp.torch;

namespace MedPeft.Nn;

/// <summary>
/// Something a PEFT method attaches to an <see cref="AdaptableLinear"/>: it may rescale the input
/// (IA3 on feed-forward layers), add a delta computed from the input (LoRA), or transform the
/// output (IA3 on keys/values, bottleneck adapters). Its parameters are registered on the host
/// linear under the method's own names, so state-dict keys read <c>q_proj.lora_A.weight</c>.
/// </summary>
internal interface ILinearAdapter
{
    /// <summary>Applied to the input before the base projection.</summary>
    Tensor AdaptInput(Tensor input) => input;

    /// <summary>Added to the base projection's output; null when the adapter adds nothing.</summary>
    Tensor? Delta(Tensor input) => null;

    /// <summary>Applied to the output after the delta.</summary>
    Tensor AdaptOutput(Tensor output) => output;
}
