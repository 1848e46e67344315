using MedPeft.Peft.Adapters;
using MedPeft.Peft.Attention;
using MedPeft.Peft.BitFit;
using MedPeft.Peft.Ffn;
using MedPeft.Peft.Frozen;
using MedPeft.Peft.Full;
using MedPeft.Peft.Ia3;
using MedPeft.Peft.Lora;
using MedPeft.Peft.Norms;
using MedPeft.Peft.Prefix;
using MedPeft.Peft.Prompt;

namespace MedPeft.Peft.Tuners;

/// <summary>
/// The tuners a plan may name, in the order help texts list them. <see cref="Default"/> holds MedPeft's;
/// <see cref="With"/> makes a registry with one more, leaving the original as it was.
/// </summary>
internal sealed class TunerRegistry
{
    public static TunerRegistry Default { get; } = new(
    [
        new LayerNormTuner(), new FfnTuner(), new AttentionTuner(), new BitFitTuner(), new LoraTuner(), new Ia3Tuner(),
        PrefixTuner.Prefix, PrefixTuner.PTuningV2, new PromptTuner(), new AdapterTuner(), new FullTuner(), new FrozenTuner(),
    ]);

    public IReadOnlyList<ITuner> Tuners { get; }

    public TunerRegistry(IEnumerable<ITuner> tuners)
    {
        Tuners = tuners.ToList();
        if (Tuners.GroupBy(t => t.Name).FirstOrDefault(g => g.Count() > 1) is { } twice)
            throw new ArgumentException($"two tuners are named '{twice.Key}'.", nameof(tuners));
    }

    public TunerRegistry With(ITuner tuner) => new(Tuners.Append(tuner));

    public IReadOnlyList<string> Names => Tuners.Select(t => t.Name).ToList();

    /// <summary>The tuner named <paramref name="name"/>; an unknown name is an <see cref="InvalidSettingException"/> of the plan's method.</summary>
    public ITuner Get(string name) => Tuners.FirstOrDefault(t => t.Name == name)
        ?? throw new InvalidSettingException(PeftPlan.MethodSetting,
            $"names an unknown method '{name}'; expected one of {string.Join(", ", Names)} (combine with '+', e.g. ln+attn)");

    public bool Contains(string name) => Tuners.Any(t => t.Name == name);

    /// <summary>Every setting of every tuner's options, each once, in <see cref="SettingOrder"/>.</summary>
    public IReadOnlyList<TunerSetting> Settings => SettingOrder.Sort(Tuners.SelectMany(t => t.Options).Distinct().SelectMany(TunerSetting.Of));
}
