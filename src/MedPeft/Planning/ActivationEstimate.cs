namespace MedPeft.Planning;

/// <summary>
/// Elements a stack of layers keeps for the backward pass, per sample, counted from what each operation of
/// MedPeft's layers saves. Attention runs LibTorch's fused kernel, which keeps its inputs, its output and one
/// log-sum-exp per query and head, and no [T, S] probability matrix. A layer whose weights are all frozen keeps
/// the same tensors: the input gradient that reaches the trainable layers below needs them.
/// </summary>
internal static class ActivationEstimate
{
    /// <summary>Elements one layer of <paramref name="stack"/> keeps, per sample.</summary>
    public static long PerLayer(LayerStack stack)
    {
        long h = stack.Width, f = stack.FeedForward, t = stack.Tokens;
        return stack.Kind switch
        {
            // Attention: the layer's input, the norm's output, q, k, v, the kernel's output and its head-merged copy
            // (7h); feed-forward: the norm's input and output, the first linear's output and the activation's (2h + 2f).
            LayerKind.Transformer => t * (9 * h + 2 * f + stack.Heads) + Cross(stack),
            // RMSNorm also keeps its normalized input (one h per norm), keys and values are repeated to every head, and
            // the gated block keeps gate, activation, up and their product (4f).
            LayerKind.GatedTransformer => t * (11 * h + 4 * f + stack.Heads),
            // The convolution's, BatchNorm's and ReLU's outputs, and the max-pool's, on a map of a quarter the positions.
            LayerKind.ConvolutionStem => t * 3 * h + t / 4 * h,
            // Two convolutions per block, each keeping its output, the BatchNorm's and the ReLU's, plus the residual sum
            // (a stage's first block's 1x1 downsampling of its input is left out: two maps, at most a few percent).
            LayerKind.ConvolutionStage => t * 7 * h,
            // The projector's input, first linear's output and the activation's output.
            LayerKind.Projector => t * 3 * h,
            _ => throw new ArgumentOutOfRangeException(nameof(stack)),
        };
    }

    // Cross-attention: per query its input, q, output, merged output and the norm's input and output (6h) and a
    // log-sum-exp per head; per attended token a key and a value.
    static long Cross(LayerStack stack) =>
        stack.CrossTokens == 0 ? 0 : stack.Tokens * (6 * stack.Width + stack.Heads) + stack.CrossTokens * 2 * stack.Width;

    /// <summary>
    /// Elements the output head keeps per sample: the last hidden state's transform or norm (3h), the logits and
    /// the log-probabilities of the loss.
    /// </summary>
    public static long Head(LayerStack stack) => stack.Vocabulary == 0 ? 0 : stack.Tokens * (3 * stack.Width + 2 * stack.Vocabulary);

    /// <summary>
    /// Elements the backward pass of the head holds at once besides what was kept: the gradient of the
    /// log-probabilities, the exponentiated log-probabilities log-softmax's backward computes, and the gradient of
    /// the logits (at LLaMA's 32,000-word vocabulary, 62.5 MiB each for 2 x 256 tokens).
    /// </summary>
    public static long HeadBackward(LayerStack stack) => stack.Tokens * 3 * stack.Vocabulary;

    /// <summary>Elements one layer's input takes per sample: all a recomputed (checkpointed) layer keeps.</summary>
    public static long LayerInput(LayerStack stack) => stack.Tokens * stack.Width;

    /// <summary>
    /// Elements <paramref name="stack"/> keeps per sample: every layer's activations, or with
    /// <paramref name="checkpointing"/> only each layer's input (the layer being recomputed is counted once, by
    /// the caller, for the whole model), and the head's.
    /// </summary>
    public static long Kept(LayerStack stack, bool checkpointing) =>
        stack.Layers * (checkpointing && stack.Kind != LayerKind.Projector ? LayerInput(stack) : PerLayer(stack)) + Head(stack);
}
