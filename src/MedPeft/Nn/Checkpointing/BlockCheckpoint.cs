using TorchSharp;
using static TorchSharp.torch;

namespace MedPeft.Nn.Checkpointing;

/// <summary>
/// A block's forward as a checkpoint runs it: its output from its input tensors. It must use no other
/// tensor: one it captured would be disposed with the forward pass's dispose scope before the backward
/// pass runs it again, and a captured tensor with a graph would be back-propagated into twice.
/// </summary>
internal delegate Tensor BlockForward(IReadOnlyList<Tensor?> inputs);

/// <summary>
/// Activation checkpointing of the block stacks (vision encoder layers, BERT layers, LLaMA/Mistral
/// decoder layers): a training step keeps each block's inputs instead of its activations, and the
/// backward pass recomputes them block by block, so large models train in less memory for about one
/// more forward pass of time.
/// </summary>
internal static class BlockCheckpoint
{
    /// <summary>Turns checkpointing on or off for every block stack of <paramref name="model"/>.</summary>
    public static void Set(nn.Module model, bool on)
    {
        foreach (var stack in model.modules().Prepend(model).OfType<ICheckpointedStack>()) stack.GradientCheckpointing = on;
    }

    /// <summary>
    /// Whether the blocks of <paramref name="stack"/> are checkpointed in this forward pass: checkpointing
    /// is on, the stack trains, grad is enabled, and the pass neither fills a generation cache nor returns
    /// attention probabilities (<paramref name="plainPass"/>).
    /// </summary>
    public static bool Applies<TStack>(TStack stack, bool plainPass) where TStack : nn.Module, ICheckpointedStack =>
        stack.GradientCheckpointing && stack.training && torch.is_grad_enabled() && plainPass;

    /// <summary>
    /// Runs <paramref name="forward"/> of <paramref name="block"/> on <paramref name="inputs"/> as a
    /// checkpoint: its output has a graph of one node, whose backward recomputes the block. Pass every
    /// tensor the block uses (masks, positions, cross-attended states), not only the hidden state.
    /// </summary>
    public static Tensor Run(nn.Module block, BlockForward forward, params Tensor?[] inputs)
    {
        bool inputsNeedGrad = inputs.Any(t => t?.requires_grad ?? false);
        if (!inputsNeedGrad && !Trains(block)) return forward(inputs);
        // The node joins the graph only when an input requires grad; a block whose parameters train
        // behind a frozen input (the first vision layer under ln) gets an empty one that does, passed
        // last, after the inputs the forward reads by position.
        var anchor = inputsNeedGrad ? null : torch.empty(0, requires_grad: true);
        return BlockCheckpointFunction.apply(inputs.Append(anchor).Prepend<object?>(forward).ToArray()!);
    }

    /// <summary>Whether the block has a parameter that trains, in it or in the prefix its attention reads.</summary>
    static bool Trains(nn.Module block) =>
        block.parameters().Any(p => p.requires_grad) || block.modules().OfType<IAttentionBlock>().Any(a => a.Prefix is not null);
}
