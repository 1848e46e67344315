namespace MedPeft.Peft;

/// <summary>The methods by name, what each trains, and its default scope per model family.</summary>
internal static class MethodCatalog
{
    public static readonly IReadOnlyList<string> Names = new[]
    {
        "ln", "ffn", "attn", "bitfit", "lora", "ia3", "prefix", "ptuning-v2", "prompt", "adapter", "full", "frozen",
    };

    public static string Describe(string method) => method switch
    {
        "ln" => "LayerNorm tuning: every LayerNorm/RMSNorm weight and bias (BatchNorm affine parameters in a CNN)",
        "ffn" => "FFN tuning: the linear layers of every feed-forward block (and of the projector)",
        "attn" => "attention tuning: the q/k/v/o projections (--attn-projections) of self- and/or cross-attention (--attn-kinds)",
        "bitfit" => "BitFit: every bias",
        "lora" => "LoRA: low-rank updates B·A on the --lora-targets projections (r, alpha, dropout)",
        "ia3" => "IA3: learned rescaling of keys, values and the FFN output's input (--ia3-targets)",
        "prefix" => "prefix tuning: virtual key/value tokens per self-attention layer, from a reparameterisation MLP",
        "ptuning-v2" => "P-tuning v2: prefix tuning without the reparameterisation MLP",
        "prompt" => "prompt tuning: soft prompt tokens prepended to the text input",
        "adapter" => "bottleneck adapters after every attention output and FFN output projection",
        "full" => "full fine-tuning of the scope",
        "frozen" => "nothing trains (the zero-shot reference)",
        _ => throw new ArgumentOutOfRangeException(nameof(method)),
    };

    /// <summary>
    /// Default components of a method for a model type. BLIP: intrinsic methods and <c>full</c> tune every
    /// component; the add-on methods tune the text side (as in the study's baselines; the vision tower
    /// stays frozen). LLaVA: everything tunes the language model; <c>full</c> also the projector (the
    /// usual LLaVA fine-tuning, vision tower frozen). Single-component models: that component.
    /// </summary>
    public static IReadOnlyList<string> DefaultScope(string method, string modelType, IReadOnlyList<string> components)
    {
        if (components.Count == 1 || method == "frozen") return components;
        return (modelType, method) switch
        {
            ("blip", "prompt") => new[] { "text-encoder" },
            ("blip", "lora" or "ia3" or "prefix" or "ptuning-v2" or "adapter") => new[] { "text-encoder", "decoder" },
            ("blip", _) => components,
            ("llava", "full") => new[] { "projector", "llm" },
            // LLaMA has no biases: BitFit on LLaVA tunes those of the vision tower and the projector.
            ("llava", "bitfit") => components,
            ("llava", _) => new[] { "llm" },
            _ => components,
        };
    }

    /// <summary>The default scopes written out for <c>--help</c> and the README.</summary>
    public const string DefaultScopesHelp =
        "Default scopes: BLIP — ln, ffn, attn, bitfit, full: all components; lora, ia3, prefix, ptuning-v2, adapter: " +
        "text-encoder + decoder; prompt: text-encoder. LLaVA — full: projector + llm; bitfit: all (the LLM has no biases); every other method: llm. " +
        "Components outside the scope are frozen.";
}
