using MedPeft.Nn;

namespace MedPeft.Planning;

/// <summary>The predicted peak memory of a training step, in bytes, by what holds it.</summary>
/// <param name="Weights">The frozen weights (float32; the linear layers' in bfloat16 with <see cref="Precision.Bf16"/>).</param>
/// <param name="Trainable">The optimized parameters, float32 (the master weights).</param>
/// <param name="Gradients">A float32 gradient per optimized parameter.</param>
/// <param name="Optimizer">AdamW's two float32 moments per optimized parameter.</param>
/// <param name="Activations">What the forward pass keeps for the backward pass.</param>
/// <param name="Workspace">The process's baseline (.NET and LibTorch), the transient buffers of the step, the buffer bf16
/// weights are widened into where products run in float32, and the heap's overhead.</param>
public sealed record MemoryParts(long Weights, long Trainable, long Gradients, long Optimizer, long Activations, long Workspace)
{
    /// <summary>The predicted peak: every part at once.</summary>
    public long Peak => Weights + Trainable + Gradients + Optimizer + Activations + Workspace;
}

/// <summary>A planned training run: what it will hold at its peak, what a step costs, and whether it fits.</summary>
/// <param name="AppliedPlan">The plan with every item's components written out, e.g. <c>lora@text-encoder:decoder</c>.</param>
/// <param name="Tokens">Positions per sample of each component's layers, e.g. <c>vision 197, text-encoder 35</c>.</param>
/// <param name="FlopsPerStep">Floating-point operations of one training step (forward, backward, recomputation).</param>
/// <param name="DeviceMemory">The memory the run has to fit in.</param>
/// <param name="WidenedWeights">True when bf16 weights are multiplied in float32, each widened into a reused buffer (this
/// processor has no bfloat16 instructions oneDNN may use, as <see cref="Bf16Products"/> decides for the run); false for
/// bf16 products and for fp32.</param>
public sealed record MemoryPlan(PlanRequest Request, string Architecture, string AppliedPlan, string Tokens, long TrainableParameters,
    long TotalParameters, MemoryParts Parts, double FlopsPerStep, long DeviceMemory, bool WidenedWeights = false)
{
    /// <summary>The predicted peak memory of the run.</summary>
    public long PeakBytes => Parts.Peak;

    /// <summary>True when the predicted peak fits in <see cref="DeviceMemory"/>.</summary>
    public bool Fits => PeakBytes <= DeviceMemory;

    /// <summary>
    /// True when the plan is for a run no measurement has checked: recomputed activations (not measured when the planner
    /// was calibrated).
    /// </summary>
    public bool Predicted => Request.GradientCheckpointing;
}

/// <summary>What a change to a run that did not fit is.</summary>
public enum ChangeKind
{
    /// <summary>Recompute each transformer block's activations in the backward pass.</summary>
    GradientCheckpointing,

    /// <summary>Frozen linear weights in bfloat16.</summary>
    Bf16,

    /// <summary>A smaller batch (with gradient accumulation to keep the batch an optimizer step sees).</summary>
    BatchSize,

    /// <summary>Another PEFT method.</summary>
    Method,
}

/// <summary>One change to a run and the plan with it.</summary>
/// <param name="Value">The new batch size or method; empty for the switches.</param>
public sealed record PlanChange(ChangeKind Kind, string Value, MemoryPlan Plan);
