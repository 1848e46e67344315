using MedPeft.Peft.Tuners;
using TorchSharp.Modules;

namespace MedPeft.Peft.Norms;

/// <summary><c>ln</c>: LayerNorm tuning, the weight and bias of every norm of the scope.</summary>
internal sealed class LayerNormTuner() : SelectingTuner("ln",
    "LayerNorm tuning: every LayerNorm/RMSNorm weight and bias (BatchNorm affine parameters in a CNN)", needs: "LayerNorm, RMSNorm or BatchNorm",
    comparisonLearningRate: 5e-3)
{
    protected override IEnumerable<(string Name, Parameter Parameter)> Select(ComponentModules modules, PeftOptions options) =>
        modules.Norms.SelectMany(n => modules.OwnParameters(n.Module));
}
