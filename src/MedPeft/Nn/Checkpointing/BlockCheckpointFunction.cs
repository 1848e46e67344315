using TorchSharp;
using static TorchSharp.torch;
using static TorchSharp.torch.autograd;

namespace MedPeft.Nn.Checkpointing;

/// <summary>
/// The autograd node of a checkpointed block. Arguments: the block's forward
/// (<see cref="BlockForward"/>), then its input tensors (null where absent). The forward runs the block
/// without a graph and keeps only its inputs; the backward runs it again from the same random state
/// with grad enabled on detached copies of the inputs and back-propagates the incoming gradient
/// through that graph (reentrantly, as PyTorch's reentrant checkpoint does): the gradients of the
/// parameters the block reaches are accumulated there, those of the inputs are handed back.
/// </summary>
sealed class BlockCheckpointFunction : SingleTensorFunction<BlockCheckpointFunction>
{
    const string Forward = "forward", Random = "random", NeedsGrad = "needs_grad";

    public override string Name => "BlockCheckpoint";

    public override Tensor forward(AutogradContext ctx, params object[] vars)
    {
        AutogradHandOver.Release();
        var forward = (BlockForward)vars[0];
        var inputs = Inputs(vars);
        ctx.save_data(Forward, forward);
        ctx.save_data(Random, RngSnapshot.Take());
        ctx.save_data(NeedsGrad, inputs.Select(t => t?.requires_grad ?? false).ToArray());
        // Nulls keep their places: an absent input unpacks as null.
        ctx.save_for_backward(inputs.ToList()!);
        ctx.set_materialize_grads(false);
        // TorchSharp has turned grad mode off around this call, so the block keeps no graph.
        return AutogradHandOver.Keep(forward(inputs));
    }

    public override List<Tensor> backward(AutogradContext ctx, Tensor grad)
    {
        AutogradHandOver.Release();
        var saved = ctx.get_saved_variables();
        var gradients = new Tensor?[saved.Count + 1];
        if (grad is not null && !grad.IsInvalid)
        {
            var needsGrad = (bool[])ctx.get_data(NeedsGrad);
            using var scope = NewDisposeScope();
            var detached = saved.Select((t, i) => t?.detach().requires_grad_(needsGrad[i])).ToArray();
            var output = ((RngSnapshot)ctx.get_data(Random)).Replay(() =>
            {
                using var enabled = torch.enable_grad();
                return ((BlockForward)ctx.get_data(Forward))(detached);
            });
            torch.autograd.backward(new[] { output }, new[] { grad });
            Recomputed++;
            for (int i = 0; i < detached.Length; i++)
                if (needsGrad[i] && detached[i]!.grad is { } inputGrad) gradients[i + 1] = AutogradHandOver.Keep(inputGrad);
        }
        grad?.Dispose();
        foreach (var tensor in saved) tensor?.Dispose();
        // One gradient per forward argument: none for the forward delegate, absent inputs or inputs without grad.
        return gradients.ToList()!;
    }

    /// <summary>How many blocks this thread has recomputed in backward passes, for tests.</summary>
    [ThreadStatic] internal static int Recomputed;

    static Tensor?[] Inputs(object[] vars) => vars.Skip(1).Select(v => v as Tensor).ToArray();
}
