using MedPeft.Data.Datasets;
using MedPeft.Nn;
using MedPeft.Peft;

namespace MedPeft.Planning;

/// <summary>
/// The training run to plan: model, method, batch and sequence shapes, precision and recomputation. Lengths left
/// null take the values training uses for the model and task (the longest a batch can be padded to).
/// </summary>
/// <param name="Model">A model folder or a built-in model name.</param>
/// <param name="Method">A PEFT plan as the train command takes it, e.g. <c>ln</c>, <c>lora@llm+ln@vision</c>.</param>
/// <param name="Scope">Components for the plan items that name none (null: each method's default).</param>
/// <param name="TextTokens">Question tokens (BLIP) or text tokens of the prompt and answer (LLaVA, LLaMA).</param>
/// <param name="AnswerTokens">Answer tokens of BLIP's decoder.</param>
/// <param name="ImageSize">Image side in pixels, in place of the model's.</param>
/// <param name="GradientCheckpointing">Each transformer block's activations recomputed in the backward pass.</param>
public sealed record PlanRequest(
    string Model, string Method, string? Scope, PeftOptions Peft, int BatchSize, DatasetTask Task = DatasetTask.Vqa,
    int? TextTokens = null, int? AnswerTokens = null, int? ImageSize = null, Precision Precision = Precision.Fp32,
    bool GradientCheckpointing = false)
{
    /// <summary>The request of the training <paramref name="run"/> describes.</summary>
    public static PlanRequest Of(Runs.RunSpec run) =>
        new(run.Model, run.Method, run.Scope, run.Peft, run.Training.BatchSize, run.Task, Precision: run.Training.Precision,
            GradientCheckpointing: run.Training.GradientCheckpointing);

    /// <summary>The setting's name for <paramref name="property"/> (e.g. <c>PlanRequest.BatchSize</c>).</summary>
    public static string Name(string property) => Setting.Name<PlanRequest>(property);

    /// <summary>This request with every size checked.</summary>
    public PlanRequest Validated()
    {
        Setting.Require(BatchSize >= 1, Name(nameof(BatchSize)), $"must be at least 1 (got {BatchSize})");
        Setting.Require(TextTokens is null or >= 1, Name(nameof(TextTokens)), $"must be at least 1 (got {TextTokens})");
        Setting.Require(AnswerTokens is null or >= 1, Name(nameof(AnswerTokens)), $"must be at least 1 (got {AnswerTokens})");
        Setting.Require(ImageSize is null or >= 1, Name(nameof(ImageSize)), $"must be at least 1 (got {ImageSize})");
        return this;
    }

    internal PeftPlan Plan => PeftPlan.Parse(Method, Scope);
}
