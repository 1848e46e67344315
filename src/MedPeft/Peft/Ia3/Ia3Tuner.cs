using MedPeft.Peft.Attention;
using MedPeft.Peft.Tuners;

namespace MedPeft.Peft.Ia3;

/// <summary><c>ia3</c>: an <see cref="Ia3Adapter"/> on every targeted projection; merges exactly (rows or columns rescaled).</summary>
internal sealed class Ia3Tuner() : AddingTuner("ia3", "IA3: learned rescaling of keys, values and the FFN output's input",
    needs: "projection it targets", merges: true, comparisonLearningRate: 5e-3, typeof(Ia3Options))
{
    protected override void Add(TunerTarget target)
    {
        var targets = target.Options.Get<Ia3Options>().Targets;
        foreach (var (linear, feedForward) in ProjectionTargets.Find(target, Name, target.Options.Get<AttentionOptions>().Kinds, targets, feedForwardInput: true))
            target.Adapters.Add(new Ia3Adapter(linear, feedForward));
    }
}
