using MedPeft.Nn;
using MedPeft.Peft.Attention;
using MedPeft.Peft.Tuners;

namespace MedPeft.Peft.Adapters;

/// <summary><c>adapter</c>: a <see cref="BottleneckAdapter"/> after every attention output and feed-forward output projection.</summary>
internal sealed class AdapterTuner() : AddingTuner("adapter", "bottleneck adapters after every attention output and FFN output projection",
    needs: "attention or feed-forward output projections", merges: false, comparisonLearningRate: 1e-3, typeof(AdapterOptions))
{
    protected override void Add(TunerTarget target)
    {
        var modules = target.Modules;
        var kinds = target.Options.Get<AttentionOptions>().Kinds;
        var outputs = modules.Attention.Where(a => kinds.Contains(a.Kind))
            .SelectMany(a => a.Projections.Where(p => p.Roles.Contains(ProjectionRole.Output)).Select(p => p.Linear))
            .Concat(modules.FeedForward.Select(f => f.OutputProjection)).ToList();
        target.RequireSome(outputs.Count, Name, Needs!);
        int size = target.Options.Get<AdapterOptions>().Size;
        foreach (var output in outputs) target.Adapters.Add(new BottleneckAdapter(output, size));
    }
}
