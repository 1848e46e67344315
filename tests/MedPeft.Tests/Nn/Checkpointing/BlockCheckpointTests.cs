using MedPeft.Nn.Checkpointing;
using MedPeft.Peft;
using MedPeft.Tests.Peft;
using TorchSharp;
using static TorchSharp.torch;

namespace MedPeft.Tests.Nn.Checkpointing;

/// <summary>
/// Gradient checkpointing changes what a training step keeps, not what it computes: on the fixture
/// BLIP VQA, LLaMA and LLaVA models (float32) one step's loss and every trainable gradient are the same
/// with and without it. LoRA's dropout (0.1 by default) checks that a recomputed block draws the masks
/// its first forward drew. Runs alone: those masks come from torch's global generator, which tests running in
/// parallel would draw from between the two steps.
/// </summary>
[Collection(nameof(SeededDrawsCollection))]
public class BlockCheckpointTests
{
    public static TheoryData<string, string> Cases()
    {
        var data = new TheoryData<string, string>();
        foreach (var family in new[] { "blip", "llama", "llava" })
            foreach (var method in new[] { "full", "ln", "lora", "prefix", "adapter", "ptuning-v2", "prompt", "ia3" })
                // A bare LLaMA takes token ids only: prompt tuning needs the text input of a VLM.
                if (family != "llama" || method != "prompt") data.Add(family, method);
        data.Add("blip", "lora@decoder+ln@vision");
        data.Add("llava", "lora@llm+ln@vision+ffn@projector");
        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void OneStepWithCheckpointingEqualsOneWithout(string family, string method)
    {
        using var scope = NewDisposeScope();
        var tiny = TinyModel.Load(family);
        var peft = PeftModel.Apply(tiny.Model, PeftPlan.Parse(method), new PeftOptions());
        tiny.Model.Module.train();

        var (plainLoss, plainGrads, plainRecomputed) = Step(tiny, peft, checkpointing: false);
        var (checkpointedLoss, checkpointedGrads, recomputed) = Step(tiny, peft, checkpointing: true);

        Assert.Equal(0, plainRecomputed);
        Assert.True(recomputed > 0, $"{family} {method}: no block was recomputed");
        // The recomputation runs the same operations on the same values: the loss is bit-identical.
        // The backward pass sums a tensor's gradients from its several uses (the residual stream, the
        // encoder states every decoder layer attends to, prefix tables shared by every layer) in the
        // order they arrive, which differs once blocks are back-propagated one at a time; float32
        // rounding of those sums is all that may differ: 1e-6 relative to the gradient's largest
        // entry, or 1e-7 of the step's largest entry where that is more (key biases get a gradient that
        // is zero in exact arithmetic, a softmax being unchanged by a shift of its keys: float32 noise).
        Assert.Equal(plainLoss, checkpointedLoss);
        Assert.Equal(plainGrads.Keys.Order(), checkpointedGrads.Keys.Order());
        double stepScale = plainGrads.Values.Max(g => g.abs().max().item<float>());
        foreach (var (name, plain) in plainGrads)
        {
            double scale = Math.Max(plain.abs().max().item<float>(), stepScale * 0.1);
            double difference = TinyModel.MaxDifference(plain, checkpointedGrads[name]);
            Assert.True(difference <= 1e-6 * scale, $"{family} {method}: '{name}' differs by {difference:G3} (largest entry {scale:G3})");
        }
    }

    [Theory]
    [InlineData("blip")]
    [InlineData("llava")]
    public void EvaluationModeAndNoGradAreNotCheckpointed(string family)
    {
        using var scope = NewDisposeScope();
        var tiny = TinyModel.Load(family);
        PeftModel.Apply(tiny.Model, PeftPlan.Parse("ln"), new PeftOptions());
        BlockCheckpoint.Set(tiny.Model.Module, true);
        int before = BlockCheckpointFunction.Recomputed;

        tiny.Model.Module.eval();
        tiny.Loss().backward();
        using (torch.no_grad()) Assert.False(tiny.Loss().requires_grad);

        Assert.Equal(before, BlockCheckpointFunction.Recomputed);
    }

    /// <summary>
    /// The wrappers TorchSharp makes in a checkpoint's backward (the incoming gradient, the saved inputs, the
    /// recomputed graph, the input gradients) would otherwise keep their memory until the training step's
    /// dispose scope ends: a leak of a block's activations per block, the very memory checkpointing saves.
    /// </summary>
    [Theory]
    [InlineData("blip", "full")]
    [InlineData("llava", "lora")]
    public void ACheckpointedStepLeavesNoMoreInItsDisposeScopeThanAPlainOne(string family, string method)
    {
        using var scope = NewDisposeScope();
        var tiny = TinyModel.Load(family);
        PeftModel.Apply(tiny.Model, PeftPlan.Parse(method), new PeftOptions());
        tiny.Model.Module.train();

        int Left(bool checkpointing)
        {
            BlockCheckpoint.Set(tiny.Model.Module, checkpointing);
            using var step = NewDisposeScope();
            tiny.Loss().backward();
            return step.DisposablesView.OfType<Tensor>().Count(t => !t.IsInvalid);
        }

        Left(false);
        int plain = Left(false);
        Left(true);
        int checkpointed = Left(true);
        Assert.True(checkpointed <= plain, $"{family} {method}: {checkpointed} live tensors left in the step's scope against {plain} without checkpointing");
    }

    static (float Loss, Dictionary<string, Tensor> Grads, int Recomputed) Step(TinyModel tiny, PeftModel peft, bool checkpointing)
    {
        BlockCheckpoint.Set(tiny.Model.Module, checkpointing);
        foreach (var p in peft.Optimized) p.Parameter.grad?.zero_();
        int before = BlockCheckpointFunction.Recomputed;
        torch.manual_seed(7);
        var loss = tiny.Loss();
        loss.backward();
        var grads = peft.Optimized.Where(p => p.Parameter.grad is not null).ToDictionary(p => p.Name, p => p.Parameter.grad!.clone());
        return (loss.item<float>(), grads, BlockCheckpointFunction.Recomputed - before);
    }
}
