namespace MedPeft.Peft.Tuners;

/// <summary>
/// A PEFT method: its name in a plan, what it trains, where it trains when the plan names no
/// components, whether it merges into an HF checkpoint, and how it is applied to one component of a
/// model. The methods a plan may name are those of a <see cref="TunerRegistry"/>.
/// </summary>
internal interface ITuner
{
    /// <summary>The name a plan uses, e.g. <c>lora</c>.</summary>
    string Name { get; }

    /// <summary>What it trains, in one line.</summary>
    string Description { get; }

    /// <summary>What it looks for in a component, as in "nothing to train (no bias)"; null: it trains nothing by design.</summary>
    string? Needs { get; }

    /// <summary>
    /// True when it trains the model's own parameters. These tuners are applied first, so that what
    /// the other tuners add is not taken for the model's own (<c>full</c> would select it too).
    /// </summary>
    bool Intrinsic { get; }

    /// <summary>
    /// True when what it trains can live in an HF checkpoint: the model's own tensors, or adapters that
    /// fold into them (<see cref="IMergeableAdapter"/>). Extra computation (prefixes, prompts, bottlenecks) cannot.
    /// </summary>
    bool Merges { get; }

    /// <summary>AdamW's peak learning rate in a comparison: methods that train few parameters need larger steps.</summary>
    double ComparisonLearningRate { get; }

    /// <summary>
    /// The options records (<see cref="ITunerOptions"/>) it owns: their settings are listed with it. It may
    /// read others too (LoRA, IA3 and the adapters read <c>AttentionOptions.Kinds</c>, which <c>attn</c> owns).
    /// </summary>
    IReadOnlyList<Type> Options { get; }

    /// <summary>The components it trains on a model of this type when the plan names none.</summary>
    TunerScope DefaultScope(string modelType);

    /// <summary>Applies it to one component; returns how many tensors it made trainable.</summary>
    int Apply(TunerTarget target);
}
