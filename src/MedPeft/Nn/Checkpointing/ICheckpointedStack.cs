namespace MedPeft.Nn.Checkpointing;

/// <summary>A stack of transformer blocks that can recompute each block's activations in the backward pass.</summary>
internal interface ICheckpointedStack
{
    /// <summary>
    /// Whether each block, when the stack trains with grad enabled, keeps only its inputs and recomputes
    /// its activations in the backward pass (see <see cref="BlockCheckpoint"/>).
    /// </summary>
    bool GradientCheckpointing { get; set; }
}
