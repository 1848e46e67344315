using MedPeft.Peft.Tuners;
using TorchSharp.Modules;

namespace MedPeft.Peft.Full;

/// <summary><c>full</c>: every parameter of the scope.</summary>
internal sealed class FullTuner() : SelectingTuner("full", "full fine-tuning of the scope", needs: "parameter", comparisonLearningRate: 5e-5)
{
    /// <summary>On LLaVA the projector trains with the language model, as LLaVA is usually fine-tuned (vision tower frozen).</summary>
    public override TunerScope DefaultScope(string modelType) => modelType == "llava" ? TunerScope.Of("projector", "llm") : base.DefaultScope(modelType);

    protected override IEnumerable<(string Name, Parameter Parameter)> Select(ComponentModules modules, PeftOptions options) => modules.Parameters;
}
