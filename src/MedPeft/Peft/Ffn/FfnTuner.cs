using MedPeft.Peft.Tuners;
using TorchSharp.Modules;

namespace MedPeft.Peft.Ffn;

/// <summary><c>ffn</c>: the linear layers of every feed-forward block of the scope.</summary>
internal sealed class FfnTuner() : SelectingTuner("ffn",
    "FFN tuning: the linear layers of every feed-forward block (and of the projector)", needs: "feed-forward block", comparisonLearningRate: 1e-4)
{
    protected override IEnumerable<(string Name, Parameter Parameter)> Select(ComponentModules modules, PeftOptions options) =>
        modules.FeedForward.SelectMany(f => f.Linears).SelectMany(l => modules.OwnParameters(l));
}
