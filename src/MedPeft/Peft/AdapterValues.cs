using static TorchSharp.torch;

namespace MedPeft.Peft;

/// <summary>
/// An adapter that only sets values of the model's own parameters: its plan, the base model it names, how many
/// parameters it trained, and the values by parameter name (on the CPU, float32 as the model).
/// </summary>
internal sealed record AdapterValues(PeftPlan Plan, string BaseModel, long TrainableParameters, IReadOnlyDictionary<string, Tensor> Values);
