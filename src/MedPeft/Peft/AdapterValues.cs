using MedPeft.Nn;
using static TorchSharp.torch;

namespace MedPeft.Peft;

/// <summary>
/// An adapter read as values, without a model: its plan, the base model it names, how many parameters it trained, the
/// values of the model's own parameters it sets, by parameter name (on the CPU, float32 as the model), and the LoRA and
/// IA3 layers it adds, as adapters of no model (<see cref="Lora.LoraValues"/>, <see cref="Ia3.Ia3Values"/>) by the name
/// of their linear layer, in the order the plan attaches them.
/// </summary>
internal sealed record AdapterValues(PeftPlan Plan, string BaseModel, long TrainableParameters, IReadOnlyDictionary<string, Tensor> Values,
    IReadOnlyDictionary<string, IReadOnlyList<ILinearAdapter>> Added);
