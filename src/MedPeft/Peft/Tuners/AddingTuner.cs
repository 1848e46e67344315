namespace MedPeft.Peft.Tuners;

/// <summary>A tuner that adds trainable layers to a component and leaves the model's own parameters frozen.</summary>
internal abstract class AddingTuner(string name, string description, string needs, bool merges, double comparisonLearningRate, params Type[] options)
    : Tuner(name, description, needs, comparisonLearningRate, options)
{
    public override bool Intrinsic => false;
    public override bool Merges => merges;

    /// <summary>BLIP: the text side, as in the study's baselines (the vision tower stays frozen); otherwise the family's default.</summary>
    public override TunerScope DefaultScope(string modelType) =>
        modelType == "blip" ? TunerScope.Of("text-encoder", "decoder") : TunerScope.FamilyDefault(modelType);

    public override int Apply(TunerTarget target)
    {
        int before = target.Modules.Parameters.Count();
        Add(target);
        return target.Modules.Parameters.Count() - before;
    }

    /// <summary>Attaches its layers to the component (and what attaches to linear layers, to <see cref="TunerTarget.Adapters"/>).</summary>
    protected abstract void Add(TunerTarget target);
}
