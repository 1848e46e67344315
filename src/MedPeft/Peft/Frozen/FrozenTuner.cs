using MedPeft.Peft.Tuners;

namespace MedPeft.Peft.Frozen;

/// <summary><c>frozen</c>: nothing trains; the zero-shot reference of a comparison.</summary>
internal sealed class FrozenTuner() : Tuner("frozen", "nothing trains (the zero-shot reference)", needs: null, comparisonLearningRate: 1e-4)
{
    public override bool Intrinsic => false;
    public override bool Merges => true;
    public override TunerScope DefaultScope(string modelType) => TunerScope.All;
    public override int Apply(TunerTarget target) => 0;
}
