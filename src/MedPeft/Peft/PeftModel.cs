using MedPeft.Models;
using MedPeft.Nn;
using MedPeft.Peft.Adapters;
using MedPeft.Peft.Ia3;
using MedPeft.Peft.Intrinsic;
using MedPeft.Peft.Lora;
using MedPeft.Peft.Prefix;
using MedPeft.Peft.Prompt;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace MedPeft.Peft;

/// <summary>
/// A model with a PEFT plan applied: every parameter is frozen except those the plan's methods
/// select or add, each method acting only on the components of its scope.
/// </summary>
internal sealed class PeftModel
{
    public IHfModel Model { get; }
    public PeftPlan Plan { get; }
    public PeftOptions Options { get; }
    /// <summary>Identifies the base model the plan was applied to (names and shapes of its own parameters).</summary>
    public BaseModelIdentity Base { get; }
    /// <summary>Which components each plan item was applied to.</summary>
    public IReadOnlyList<(PlanItem Item, IReadOnlyList<string> Components)> Applied { get; }

    readonly List<ILinearAdapter> adapters;

    PeftModel(IHfModel model, BaseModelIdentity identity, PeftPlan plan, PeftOptions options, List<(PlanItem, IReadOnlyList<string>)> applied, List<ILinearAdapter> adapters)
    {
        Model = model;
        Base = identity;
        Plan = plan;
        Options = options;
        Applied = applied;
        this.adapters = adapters;
    }

    public IEnumerable<LoraAdapter> LoraAdapters => adapters.OfType<LoraAdapter>();
    public IEnumerable<Ia3Adapter> Ia3Adapters => adapters.OfType<Ia3Adapter>();
    public bool HasUnmergeableParts => Applied.Any(a => a.Item.Method is "prefix" or "ptuning-v2" or "prompt" or "adapter");

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

    public static PeftModel Apply(IHfModel model, PeftPlan plan, PeftOptions options)
    {
        options.Validated();
        var identity = BaseModelIdentity.Of(model);
        Freeze(model);
        var applied = new List<(PlanItem, IReadOnlyList<string>)>();
        var adapters = new List<ILinearAdapter>();
        var seen = new HashSet<(string, string)>();
        // Intrinsic methods first: they select the model's own parameters, before adapters add more.
        foreach (var item in plan.Items.OrderBy(i => IntrinsicMethods.Handles(i.Method) ? 0 : 1))
        {
            var components = Resolve(model, item);
            long selected = 0;
            foreach (var component in components)
            {
                if (!seen.Add((item.Method, component.Name)))
                    throw new MedPeftException($"--method: '{item.Method}' is applied to the {component.Name} component twice.");
                selected += ApplyTo(model, item.Method, new ComponentModules(component), options, adapters);
            }
            if (selected == 0 && item.Method != "frozen")
                throw new MedPeftException($"{item.Method}: nothing to train in {string.Join(", ", components.Select(c => c.Name))} (no {What(item.Method)}).");
            applied.Add((item, components.Select(c => c.Name).ToList()));
        }
        return new PeftModel(model, identity, plan, options, applied, adapters);
    }

    /// <summary>Applies LoRA to exactly the given layers (an imported HF PEFT adapter names its layers).</summary>
    public static PeftModel ApplyExplicitLora(IHfModel model, PeftPlan plan, PeftOptions options, IReadOnlyList<AdaptableLinear> hosts)
    {
        options.Validated();
        var identity = BaseModelIdentity.Of(model);
        Freeze(model);
        var adapters = hosts.Select(h => (ILinearAdapter)new LoraAdapter(h, options.LoraRank, options.LoraAlpha, options.LoraDropout)).ToList();
        var components = model.Components.Where(c => new ComponentModules(c).Contains(hosts)).Select(c => c.Name).ToList();
        return new PeftModel(model, identity, plan, options, new() { (plan.Items[0], components) }, adapters);
    }

    // Every parameter starts frozen; the methods unfreeze what they select, and what they add starts trainable.
    static void Freeze(IHfModel model)
    {
        foreach (var (_, parameter) in model.Module.named_parameters()) parameter.requires_grad = false;
    }

    static List<ModelComponent> Resolve(IHfModel model, PlanItem item)
    {
        var names = model.Components.Select(c => c.Name).ToList();
        var scope = item.Components ?? MethodCatalog.DefaultScope(item.Method, model.ModelType, names);
        if (scope.Contains(ComponentNames.All)) return model.Components.ToList();
        foreach (var name in scope)
            if (!names.Any(n => ComponentNames.Matches(name, n)))
                throw new MedPeftException($"scope '{name}' names a component that {model.Architecture} does not have (it has {string.Join(", ", names)}).");
        return model.Components.Where(c => scope.Any(s => ComponentNames.Matches(s, c.Name))).ToList();
    }

    /// <summary>Applies one method to one component; returns how many tensors it made trainable.</summary>
    static long ApplyTo(IHfModel model, string method, ComponentModules modules, PeftOptions options, List<ILinearAdapter> adapters)
    {
        if (method == "frozen") return 0;
        if (IntrinsicMethods.Handles(method))
        {
            var selected = IntrinsicMethods.Select(method, modules, options).ToList();
            foreach (var (_, parameter) in selected) parameter.requires_grad = true;
            return selected.Count;
        }
        int before = modules.Parameters.Count();
        switch (method)
        {
            case "lora":
                adapters.AddRange(Targets(modules, options, options.LoraTargets, feedForwardInput: false)
                    .Select(t => new LoraAdapter(t.Linear, options.LoraRank, options.LoraAlpha, options.LoraDropout)));
                break;
            case "ia3":
                adapters.AddRange(Targets(modules, options, options.Ia3Targets, feedForwardInput: true)
                    .Select(t => new Ia3Adapter(t.Linear, t.FeedForward)));
                break;
            case "adapter":
                var outputs = modules.Attention.Where(a => options.AttentionKinds.Contains(a.Kind))
                    .SelectMany(a => a.Projections.Where(p => p.Roles.Contains(ProjectionRole.Output)).Select(p => p.Linear))
                    .Concat(modules.FeedForward.Select(f => f.OutputProjection)).ToList();
                RequireSome(outputs.Count, "adapter", modules, "attention or feed-forward output projections");
                adapters.AddRange(outputs.Select(l => new BottleneckAdapter(l, options.AdapterSize)));
                break;
            case "prefix" or "ptuning-v2":
                AttachPrefix(modules, options, projection: method == "prefix");
                break;
            case "prompt":
                AttachPrompt(model, modules, options);
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(method));
        }
        return new ComponentModules(modules.Component).Parameters.Count() - before;
    }

    /// <summary>Linears named by targets: attention roles (of the selected kinds) and <c>ffn</c>.</summary>
    static List<(AdaptableLinear Linear, bool FeedForward)> Targets(ComponentModules modules, PeftOptions options, IReadOnlyList<string> targets, bool feedForwardInput)
    {
        var roles = targets.Where(t => t != "ffn").Select(PeftOptions.Role).ToHashSet();
        var found = modules.Projections(options.AttentionKinds, roles).Select(p => (p.Linear, false)).ToList();
        if (targets.Contains("ffn"))
            found.AddRange(feedForwardInput
                ? modules.FeedForward.Select(f => (f.OutputProjection, true))
                : modules.FeedForward.SelectMany(f => f.Linears).Select(l => (l, false)));
        var distinct = found.DistinctBy(f => f.Item1, ReferenceEqualityComparer.Instance).ToList();
        RequireSome(distinct.Count, feedForwardInput ? "ia3" : "lora", modules, $"projections matching {string.Join(",", targets)}");
        return distinct;
    }

    static void AttachPrefix(ComponentModules modules, PeftOptions options, bool projection)
    {
        var blocks = modules.Attention.Where(a => a.Kind == AttentionKind.Self).ToList();
        RequireSome(blocks.Count, projection ? "prefix" : "ptuning-v2", modules, "self-attention layers");
        var first = blocks[0];
        if (blocks.Any(b => b.KeyValueHeads != first.KeyValueHeads || b.HeadDim != first.HeadDim))
            throw new MedPeftException($"prefix tuning: the self-attention layers of the {modules.Component.Name} component differ in shape.");
        var reference = blocks[0].Projections[0].Linear.weight;
        var encoder = new PrefixEncoder(options.PrefixTokens, blocks.Count, first.KeyValueHeads, first.HeadDim,
            projection ? options.PrefixHidden : null, reference.device, reference.dtype);
        modules.Component.Module.register_module(PrefixEncoder.ModuleName, encoder);
        for (int i = 0; i < blocks.Count; i++) blocks[i].Prefix = encoder.Layer(i);
    }

    static void AttachPrompt(IHfModel model, ComponentModules modules, PeftOptions options)
    {
        if (model is not ISoftPromptHost host)
            throw new MedPeftException($"prompt tuning needs a model with a text input; {model.Architecture} has none.");
        if (!ComponentNames.Matches(host.PromptComponent, modules.Component.Name))
            throw new MedPeftException($"prompt tuning prepends tokens to the {host.PromptComponent} input; it cannot apply to the {modules.Component.Name} component.");
        var prompt = new SoftPrompt(options.PromptTokens, host.InputEmbeddingWeight.detach());
        modules.Component.Module.register_module(SoftPrompt.ModuleName, prompt);
        host.SoftPrompt = () => prompt.weight;
    }

    static void RequireSome(int count, string method, ComponentModules modules, string what)
    {
        if (count == 0) throw new MedPeftException($"{method}: the {modules.Component.Name} component has no {what}.");
    }

    static string What(string method) => method switch
    {
        "ln" => "LayerNorm, RMSNorm or BatchNorm",
        "ffn" => "feed-forward block",
        "attn" => "attention projection of the selected kinds",
        "bitfit" => "bias",
        "lora" or "ia3" => "projection it targets",
        _ => "parameter",
    };
}
