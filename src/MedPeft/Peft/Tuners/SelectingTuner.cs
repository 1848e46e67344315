using TorchSharp.Modules;

namespace MedPeft.Peft.Tuners;

/// <summary>A tuner that trains some of the model's own parameters: it unfreezes those it selects.</summary>
internal abstract class SelectingTuner(string name, string description, string needs, double comparisonLearningRate, params Type[] options)
    : Tuner(name, description, needs, comparisonLearningRate, options)
{
    public override bool Intrinsic => true;
    public override bool Merges => true;
    public override TunerScope DefaultScope(string modelType) => TunerScope.FamilyDefault(modelType);

    public override int Apply(TunerTarget target)
    {
        var selected = Select(target.Modules, target.Options).ToList();
        foreach (var (_, parameter) in selected) parameter.requires_grad = true;
        return selected.Count;
    }

    /// <summary>The parameters of the component it trains.</summary>
    protected abstract IEnumerable<(string Name, Parameter Parameter)> Select(ComponentModules modules, PeftOptions options);
}
