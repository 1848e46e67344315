using MedPeft.Models;
using MedPeft.Nn;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace MedPeft.Peft;

/// <summary>
/// The modules of one model component by kind — norms, attention blocks, feed-forward blocks — each
/// with its full HF name. Methods pick their targets here by kind, never by name substrings.
/// </summary>
internal sealed class ComponentModules
{
    public ModelComponent Component { get; }
    readonly List<(string Name, nn.Module Module)> modules;
    readonly Dictionary<nn.Module, string> nameOf = new(ReferenceEqualityComparer.Instance);

    public ComponentModules(ModelComponent component)
    {
        Component = component;
        modules = new List<(string, nn.Module)> { (component.Prefix.TrimEnd('.'), component.Module) };
        modules.AddRange(component.Module.named_modules().Select(m => (component.Prefix + m.name, m.module)));
        foreach (var (name, module) in modules) nameOf.TryAdd(module, name);
    }

    public string NameOf(nn.Module module) => nameOf[module];

    /// <summary>True when any of the modules belongs to this component.</summary>
    public bool Contains(IEnumerable<nn.Module> candidates) => candidates.Any(nameOf.ContainsKey);

    /// <summary>LayerNorm, RMSNorm and BatchNorm modules.</summary>
    public IEnumerable<(string Name, nn.Module Module)> Norms =>
        modules.Where(m => m.Module is LayerNorm or RMSNorm or BatchNorm1d or BatchNorm2d or BatchNorm3d or GroupNorm);

    public IEnumerable<IAttentionBlock> Attention => modules.Select(m => m.Module).OfType<IAttentionBlock>();

    public IEnumerable<IFeedForwardBlock> FeedForward => modules.Select(m => m.Module).OfType<IFeedForwardBlock>();

    /// <summary>Every parameter of the component, with its full name.</summary>
    public IEnumerable<(string Name, Parameter Parameter)> Parameters =>
        Component.Module.named_parameters().Select(p => (Component.Prefix + p.name, p.parameter));

    /// <summary>A module's own parameters (not those of adapters attached under it).</summary>
    public IEnumerable<(string Name, Parameter Parameter)> OwnParameters(nn.Module module) =>
        module.named_parameters(recurse: false).Select(p => (Join(NameOf(module), p.name), p.parameter));

    /// <summary>The projections of the selected kinds whose roles include one of <paramref name="roles"/>.</summary>
    public IEnumerable<AttentionProjection> Projections(IEnumerable<AttentionKind> kinds, IReadOnlyCollection<ProjectionRole> roles) =>
        Attention.Where(a => kinds.Contains(a.Kind)).SelectMany(a => a.Projections).Where(p => p.Roles.Overlaps(roles));

    static string Join(string prefix, string name) => prefix.Length == 0 ? name : $"{prefix}.{name}";
}
