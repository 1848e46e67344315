using MedPeft.Peft;
using MedPeft.Runs;

namespace MedPeft.Serving;

/// <summary>
/// A loaded adapter. One that only sets values of the base model's own parameters (<c>ln</c>, <c>bitfit</c>, <c>attn</c>,
/// <c>ffn</c>, <c>full</c>) is held as those values and swapped into the one base model; one that adds layers (LoRA, IA3,
/// prefixes, prompts, bottleneck adapters) gets a model of its own with the adapter applied, as <c>predict</c> loads it.
/// </summary>
internal sealed class ServedAdapter
{
    ServedAdapter(string name, string plan, long trainable, string baseModel, AdapterValues? values, ServedModel? own)
    {
        Name = name;
        Plan = plan;
        TrainableParameters = trainable;
        BaseModel = baseModel;
        Values = values;
        Own = own;
    }

    public string Name { get; }
    /// <summary>The method plan, as <c>--method</c> writes it (<c>ln@vision:text-encoder:decoder</c>).</summary>
    public string Plan { get; }
    public long TrainableParameters { get; }
    /// <summary>The base model the adapter file names.</summary>
    public string BaseModel { get; }
    public AdapterValues? Values { get; }
    public ServedModel? Own { get; }
    /// <summary>Set once the adapter is unloaded: requests still queued for it are refused.</summary>
    public bool Removed { get; set; }

    public static ServedAdapter WithValues(string name, AdapterValues values) =>
        new(name, values.Plan.ToString(), values.TrainableParameters, values.BaseModel, values, null);

    public static ServedAdapter WithOwnModel(string name, ServedModel own, string baseModel) =>
        new(name, own.Peft!.Plan.ToString(), PeftAccount.Of(own.Peft).Trainable, baseModel, null, own);

    /// <summary>The methods of the plan, without their scopes.</summary>
    public IReadOnlyList<string> Methods => Plan.Split('+').Select(item => item.Split('@')[0]).Distinct().ToList();
}
