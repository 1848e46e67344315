using System.CommandLine;
using MedPeft.Nn;
using MedPeft.Training;

namespace MedPeft.Cli;

/// <summary><c>--precision fp32|bf16</c>, as train, eval, predict, compare and bench-methods take it.</summary>
internal static class PrecisionOption
{
    public const string Flag = "--precision";

    /// <summary>The setting a precision is read as.</summary>
    static readonly string Setting = TrainingOptions.Name(nameof(TrainingOptions.Precision));

    public static Option<string> Create(string? description = null) => new Option<string>(Flag)
    {
        HelpName = "fp32|bf16",
        Description = description ?? "fp32 (the default, exact), or bf16: the frozen linear weights stored in bfloat16 and multiplied in bfloat16 where the " +
                      "processor has AVX512_BF16 or AMX (else in float32, one layer's weight widened at a time); trainable tensors, their gradients and " +
                      "AdamW state, activations, norms, softmax and the loss in float32.",
        DefaultValueFactory = _ => "fp32",
    }.Sets(Setting);

    public static Precision Parse(string text) => Precisions.Parse(text, Setting);
}
