using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace MedPeft.Models.Weights;

/// <summary>
/// Copies checkpoint tensors into a module's parameters by HF parameter name. Every parameter must
/// be found with the right shape and every checkpoint tensor must be used (strict), except the names
/// a model declares as aliases (tied weights written once) or as ignorable (stale buffers).
/// With <see cref="Buffers"/> the module's buffers are loaded the same way.
/// </summary>
internal sealed class WeightLoader
{
    /// <summary>Module parameter name → checkpoint name tried when the parameter's own name is absent.</summary>
    public IReadOnlyDictionary<string, string> Aliases { get; init; } = new Dictionary<string, string>();

    /// <summary>Checkpoint names that may be present without a parameter (e.g. old rotary or position-id buffers).</summary>
    public Func<string, bool> Ignorable { get; init; } = name =>
        name.EndsWith("rotary_emb.inv_freq", StringComparison.Ordinal) || name.EndsWith("embeddings.position_ids", StringComparison.Ordinal);

    /// <summary>Also load the module's buffers (e.g. BatchNorm running statistics), as strictly as its parameters.</summary>
    public bool Buffers { get; init; }

    /// <summary>Copies every parameter from the checkpoint after <see cref="Match"/> found them all.</summary>
    public void Load(nn.Module module, CheckpointReader checkpoint)
    {
        var plan = Match(module, checkpoint);
        using var noGrad = torch.no_grad();
        foreach (var (parameter, source) in plan)
        {
            using var value = checkpoint.Read(source, parameter.dtype);
            parameter.copy_(value);
        }
    }

    /// <summary>
    /// Pairs each parameter with its checkpoint tensor, reading headers only. Throws, naming the file
    /// and keys, on a missing or unexpected tensor or a shape that differs from the config's model.
    /// </summary>
    public List<(Tensor Parameter, string Source)> Match(nn.Module module, CheckpointReader checkpoint)
    {
        var plan = new List<(Tensor, string)>();
        var missing = new List<string>();
        var targets = module.named_parameters().Select(p => (p.name, (Tensor)p.parameter));
        if (Buffers) targets = targets.Concat(module.named_buffers());
        foreach (var (name, parameter) in targets)
        {
            var source = checkpoint.Contains(name) ? name
                : Aliases.TryGetValue(name, out var alias) && checkpoint.Contains(alias) ? alias
                : null;
            if (source is null)
            {
                missing.Add(name);
                continue;
            }
            var shape = checkpoint.Shape(source);
            if (!shape.SequenceEqual(parameter.shape))
                throw new MedPeftException(
                    $"{checkpoint.FileOf(source)}: tensor '{source}' has shape [{string.Join(", ", shape)}], but the model built from config.json expects [{string.Join(", ", parameter.shape)}].");
            plan.Add((parameter, source));
        }
        if (missing.Count > 0)
            throw new MedPeftException($"{checkpoint.Description}: missing {Describe(missing)} that the model built from config.json needs.");
        var used = plan.Select(p => p.Item2).Concat(Aliases.Values).ToHashSet(StringComparer.Ordinal);
        var unexpected = checkpoint.Names.Where(n => !used.Contains(n) && !Ignorable(n)).OrderBy(n => n, StringComparer.Ordinal).ToList();
        if (unexpected.Count > 0)
            throw new MedPeftException($"{checkpoint.Description}: unexpected {Describe(unexpected)} that the model built from config.json does not have (wrong config.json or a different architecture?).");
        return plan;
    }

    static string Describe(List<string> names)
    {
        const int shown = 5;
        var list = string.Join(", ", names.Take(shown).Select(n => $"'{n}'"));
        return names.Count <= shown ? $"tensor(s) {list}" : $"{names.Count} tensors ({list}, ...)";
    }
}
