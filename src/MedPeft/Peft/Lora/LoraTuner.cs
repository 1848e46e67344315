using MedPeft.Peft.Attention;
using MedPeft.Peft.Tuners;

namespace MedPeft.Peft.Lora;

/// <summary><c>lora</c>: a <see cref="LoraAdapter"/> on every targeted projection; merges exactly (W += scale·B·A).</summary>
internal sealed class LoraTuner() : AddingTuner(TunerName, "LoRA: low-rank updates B·A on the targeted projections (r, alpha, dropout)",
    needs: "projection it targets", merges: true, comparisonLearningRate: 1e-3, typeof(LoraOptions))
{
    public const string TunerName = "lora";

    protected override void Add(TunerTarget target)
    {
        var lora = target.Options.Get<LoraOptions>();
        foreach (var (linear, _) in ProjectionTargets.Find(target, Name, target.Options.Get<AttentionOptions>().Kinds, lora.Targets, feedForwardInput: false))
            target.Adapters.Add(new LoraAdapter(linear, lora.Rank, lora.Alpha, lora.Dropout));
    }
}
