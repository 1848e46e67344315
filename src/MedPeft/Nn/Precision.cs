namespace MedPeft.Nn;

/// <summary>How a run stores its weights and computes its linear layers.</summary>
public enum Precision
{
    /// <summary>Everything in float32: the default, and exact.</summary>
    Fp32,

    /// <summary>
    /// The frozen weights of the linear layers stored in bfloat16 (<see cref="Bf16Products"/> decides whether their
    /// products run in bfloat16 or in float32 on a per-layer float32 copy); trainable tensors as float32 master weights
    /// with float32 gradients and AdamW state; activations, norms, softmax and the loss in float32.
    /// </summary>
    Bf16,
}

/// <summary>Reading a <see cref="Precision"/> by its name.</summary>
public static class Precisions
{
    /// <summary><c>fp32</c> or <c>bf16</c> (any case); anything else is refused naming <paramref name="setting"/>.</summary>
    public static Precision Parse(string text, string setting) => text.Trim().ToLowerInvariant() switch
    {
        "fp32" => Precision.Fp32,
        "bf16" => Precision.Bf16,
        _ => throw new InvalidSettingException(setting, $"'{text}' is not a precision; expected fp32 or bf16"),
    };

    /// <summary>The name <see cref="Parse"/> reads.</summary>
    public static string Name(this Precision precision) => precision == Precision.Bf16 ? "bf16" : "fp32";

    /// <summary>Bytes of a frozen linear weight.</summary>
    public static int StorageBytes(this Precision precision) => precision == Precision.Bf16 ? 2 : 4;
}
