using MedPeft.Peft.Tuners;
using TorchSharp.Modules;

namespace MedPeft.Peft.BitFit;

/// <summary><c>bitfit</c>: every bias of the scope.</summary>
internal sealed class BitFitTuner() : SelectingTuner("bitfit", "BitFit: every bias", needs: "bias", comparisonLearningRate: 5e-3)
{
    /// <summary>LLaMA has no biases: on LLaVA BitFit tunes those of the vision tower and the projector.</summary>
    public override TunerScope DefaultScope(string modelType) =>
        modelType == "llava" ? TunerScope.All with { Reason = "the LLM has no biases" } : base.DefaultScope(modelType);

    protected override IEnumerable<(string Name, Parameter Parameter)> Select(ComponentModules modules, PeftOptions options) =>
        modules.Parameters.Where(p => p.Name.EndsWith(".bias", StringComparison.Ordinal) || p.Name == "bias");
}
