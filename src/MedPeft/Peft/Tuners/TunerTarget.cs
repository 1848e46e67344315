using MedPeft.Models;
using MedPeft.Nn;

namespace MedPeft.Peft.Tuners;

/// <summary>One component a tuner is applied to, with the model it belongs to, the options and the adapters attached so far.</summary>
internal sealed record TunerTarget(IHfModel Model, ComponentModules Modules, PeftOptions Options, ICollection<ILinearAdapter> Adapters)
{
    /// <summary>Refuses a component without anything the tuner can attach to.</summary>
    public void RequireSome(int count, string tuner, string what)
    {
        if (count == 0) throw new MedPeftException($"{tuner}: the {Modules.Component.Name} component has no {what}.");
    }
}
