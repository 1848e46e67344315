namespace MedPeft.Planning;

/// <summary>How a planned run stores its tensors.</summary>
public enum Precision
{
    /// <summary>Everything in float32: what MedPeft trains with today.</summary>
    Fp32,

    /// <summary>
    /// Frozen weights and activations in bfloat16; trainable tensors as float32 master weights with float32
    /// gradients and AdamW state. MedPeft does not train this way yet: the plan predicts it.
    /// </summary>
    Bf16,
}

/// <summary>Reading a <see cref="Precision"/> by its name.</summary>
public static class Precisions
{
    /// <summary>The setting a precision is given in.</summary>
    public static readonly string Setting = MedPeft.Setting.Name<PlanRequest>(nameof(PlanRequest.Precision));

    /// <summary><c>fp32</c> or <c>bf16</c> (any case).</summary>
    public static Precision Parse(string text) => text.Trim().ToLowerInvariant() switch
    {
        "fp32" => Precision.Fp32,
        "bf16" => Precision.Bf16,
        _ => throw new InvalidSettingException(Setting, $"'{text}' is not a precision; expected fp32 or bf16"),
    };

    /// <summary>The name <see cref="Parse"/> reads.</summary>
    public static string Name(this Precision precision) => precision == Precision.Bf16 ? "bf16" : "fp32";

    /// <summary>Bytes of a frozen weight or an activation element.</summary>
    public static int StorageBytes(this Precision precision) => precision == Precision.Bf16 ? 2 : 4;
}
