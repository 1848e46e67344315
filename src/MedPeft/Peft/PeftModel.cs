using MedPeft.Models;
using MedPeft.Nn;
using MedPeft.Peft.Tuners;
using TorchSharp.Modules;

namespace MedPeft.Peft;

/// <summary>
/// A model with a PEFT plan applied: every parameter is frozen except those the plan's tuners
/// select or add, each tuner acting only on the components of its scope.
/// </summary>
internal sealed class PeftModel
{
    public IHfModel Model { get; }
    public PeftPlan Plan { get; }
    public PeftOptions Options { get; }
    /// <summary>The tuners the plan's methods name.</summary>
    public TunerRegistry Registry { get; }
    /// <summary>Identifies the base model the plan was applied to (names and shapes of its own parameters).</summary>
    public BaseModelIdentity Base { get; }
    /// <summary>Which components each plan item was applied to.</summary>
    public IReadOnlyList<(PlanItem Item, IReadOnlyList<string> Components)> Applied { get; }
    /// <summary>What the tuners attached to linear layers (LoRA, IA3, bottleneck adapters).</summary>
    public IReadOnlyList<ILinearAdapter> Adapters { get; }

    PeftModel(IHfModel model, BaseModelIdentity identity, PeftPlan plan, PeftOptions options, TunerRegistry registry,
        List<(PlanItem, IReadOnlyList<string>)> applied, List<ILinearAdapter> adapters)
    {
        Model = model;
        Base = identity;
        Plan = plan;
        Options = options;
        Registry = registry;
        Applied = applied;
        Adapters = adapters;
    }

    /// <summary>True when a tuner of the plan adds computation an HF checkpoint cannot hold.</summary>
    public bool HasUnmergeableParts => Applied.Any(a => !Registry.Get(a.Item.Method).Merges);

    /// <summary>Every parameter that requires a gradient, by full name (inert ones included, as HF counts them).</summary>
    public IReadOnlyList<(string Name, Parameter Parameter)> Trainable =>
        Model.Module.named_parameters().Where(p => p.parameter.requires_grad).ToList();

    /// <summary>The trainable parameters that can affect the output: what an optimizer should update.</summary>
    public IReadOnlyList<(string Name, Parameter Parameter)> Optimized
    {
        get
        {
            var inert = Model.InertParameters;
            return Trainable.Where(p => !inert.Contains(p.Name)).ToList();
        }
    }

    public static PeftModel Apply(IHfModel model, PeftPlan plan, PeftOptions options) => Apply(model, plan, options, TunerRegistry.Default);

    /// <summary>Applies a plan of the methods of <paramref name="registry"/>.</summary>
    public static PeftModel Apply(IHfModel model, PeftPlan plan, PeftOptions options, TunerRegistry registry)
    {
        options.Validated();
        var identity = BaseModelIdentity.Of(model);
        Freeze(model);
        var applied = new List<(PlanItem, IReadOnlyList<string>)>();
        var adapters = new List<ILinearAdapter>();
        var seen = new HashSet<(string, string)>();
        foreach (var item in plan.Items.OrderBy(i => registry.Get(i.Method).Intrinsic ? 0 : 1))
        {
            var tuner = registry.Get(item.Method);
            var components = Resolve(model, item, tuner);
            long selected = 0;
            foreach (var component in components)
            {
                Setting.Require(seen.Add((item.Method, component.Name)), PeftPlan.MethodSetting,
                    $"applies '{item.Method}' to the {component.Name} component twice");
                selected += tuner.Apply(new TunerTarget(model, new ComponentModules(component), options, adapters));
            }
            if (selected == 0 && tuner.Needs is not null)
                throw new MedPeftException($"{item.Method}: nothing to train in {string.Join(", ", components.Select(c => c.Name))} (no {tuner.Needs}).");
            applied.Add((item, components.Select(c => c.Name).ToList()));
        }
        PromoteTrainableWeights(model);
        return new PeftModel(model, identity, plan, options, registry, applied, adapters);
    }

    /// <summary>
    /// Attaches an adapter made by <paramref name="adapter"/> to exactly the given layers (an imported
    /// HF PEFT adapter names its layers); the plan's one item records the components they are in.
    /// </summary>
    internal static PeftModel ApplyExplicit(IHfModel model, PeftPlan plan, PeftOptions options, IReadOnlyList<AdaptableLinear> hosts,
        Func<AdaptableLinear, ILinearAdapter> adapter)
    {
        options.Validated();
        var identity = BaseModelIdentity.Of(model);
        Freeze(model);
        var adapters = hosts.Select(adapter).ToList();
        PromoteTrainableWeights(model);
        var components = model.Components.Where(c => new ComponentModules(c).Contains(hosts)).Select(c => c.Name).ToList();
        return new PeftModel(model, identity, plan, options, TunerRegistry.Default, new() { (plan.Items[0], components) }, adapters);
    }

    // Every parameter starts frozen; the tuners unfreeze what they select, and what they add starts trainable.
    static void Freeze(IHfModel model)
    {
        foreach (var (_, parameter) in model.Module.named_parameters()) parameter.requires_grad = false;
    }

    // Trainable tensors are float32 master weights: a bfloat16 linear weight the plan trains becomes float32 (Precision.Bf16).
    static void PromoteTrainableWeights(IHfModel model)
    {
        foreach (var linear in model.Module.modules().OfType<AdaptableLinear>()) linear.PromoteTrainableWeight();
    }

    /// <summary>The components of the item's scope: those it names, or the tuner's default (a single-component model's one).</summary>
    static List<ModelComponent> Resolve(IHfModel model, PlanItem item, ITuner tuner)
    {
        var names = model.Components.Select(c => c.Name).ToList();
        var scope = item.Components ?? (names.Count == 1 ? names : tuner.DefaultScope(model.ModelType).Resolve(names));
        if (scope.Contains(ComponentNames.All)) return model.Components.ToList();
        foreach (var name in scope)
            if (!names.Any(n => ComponentNames.Matches(name, n)))
                throw new MedPeftException($"scope '{name}' names a component that {model.Architecture} does not have (it has {string.Join(", ", names)}).");
        return model.Components.Where(c => scope.Any(s => ComponentNames.Matches(s, c.Name))).ToList();
    }
}
