using System.Text.Json.Nodes;
using MedPeft.IO;
using MedPeft.Models;
using MedPeft.Nn;
using MedPeft.Models.Configs;
using MedPeft.Peft;
using MedPeft.Tests.Models;
using MedPeft.Planning;
using TorchSharp;

namespace MedPeft.Tests.Planning;

/// <summary>
/// The memory plan of the tiny LLaVA against a count by hand from its built-in config (CLIP 3 layers of width 32,
/// FFN 64, 4 heads, 32-pixel images in 8-pixel patches; projector 32 → 64 → 64; LLaMA 2 layers of width 64, FFN 128,
/// 4 heads / 2 key-value heads, vocabulary 160, untied head).
/// </summary>
public class MemoryPlannerTests
{
    const long Gib = 1L << 30;
    const int Batch = 2, TextTokens = 10;

    // Parameters. CLIP: patch conv 3·32·8·8 (no bias), class token 32, 17 positions x 32, pre-norm 2·32; per layer
    // q, k, v, o 4·(32·32 + 32), two norms 2·2·32, fc1 32·64 + 64, fc2 64·32 + 32; post-norm 2·32.
    const long Vision = 3 * 32 * 8 * 8 + 32 + 17 * 32 + 2 * 32 + 3 * (4 * (32 * 32 + 32) + 2 * 2 * 32 + (32 * 64 + 64) + (64 * 32 + 32)) + 2 * 32;
    const long Projector = (32 * 64 + 64) + (64 * 64 + 64);
    // LLaMA: embeddings 160·64; per layer q 64·64, k and v 64·32 (2 heads of 16), o 64·64, gate/up/down 3·64·128, two RMSNorms
    // 2·64; the final norm 64; the head 64·160.
    const long Llm = 160 * 64 + 2 * (64 * 64 + 2 * 64 * 32 + 64 * 64 + 3 * 64 * 128 + 2 * 64) + 64 + 64 * 160;
    // ln on the LLM: the two RMSNorms of each layer and the final one.
    const long LayerNorms = (2 * 2 + 1) * 64;

    // The LLM's positions: the image's 16 patches take the place of one of the text tokens.
    const long Tokens = 16 + TextTokens - 1;
    // What one LLaMA layer keeps per position, one by one: the layer's input, the RMSNorm's normalized input and output,
    // q, the key and value repeated to all 4 heads, the attention output and its head-merged copy (8·64); the second
    // RMSNorm's input, normalized input and output (3·64); gate, SiLU, up and their product (4·128); a log-sum-exp per head.
    const long PerLayer = Tokens * (8 * 64 + 3 * 64 + 4 * 128 + 4);
    // The head: the final norm's input, normalized input and output (3·64), logits and log-probabilities (2·160).
    const long Head = Tokens * (3 * 64 + 2 * 160);

    static PlanRequest Request(string method, Precision precision = Precision.Fp32, bool checkpointing = false) =>
        new("tiny-llava", method, null, new PeftOptions(), Batch, TextTokens: TextTokens, Precision: precision, GradientCheckpointing: checkpointing);

    [Fact]
    public void LayerNormTuningOfTheLlmMatchesTheHandCount()
    {
        var plan = MemoryPlanner.Plan(Request("ln"), 24 * Gib);

        Assert.Equal(Vision + Projector + Llm, plan.TotalParameters);
        Assert.Equal(LayerNorms, plan.TrainableParameters);
        Assert.Equal("ln@llm", plan.AppliedPlan);
        var p = plan.Parts;
        Assert.Equal((Vision + Projector + Llm - LayerNorms) * 4, p.Weights);
        Assert.Equal(LayerNorms * 4, p.Trainable);
        Assert.Equal(LayerNorms * 4, p.Gradients);
        Assert.Equal(LayerNorms * 2 * 4, p.Optimizer);
        // The frozen vision tower and projector come before anything trainable: they keep nothing. Both LLaMA layers keep
        // their tensors although their weights are frozen, for the input gradient that reaches the norms below.
        Assert.Equal(Batch * (2 * PerLayer + Head) * 4, p.Activations);
        // Baseline, one layer's gradients in the backward pass (more than the head's 3·160 per position), AdamW's
        // temporaries of the largest trained tensor (a norm of 64), and the heap's overhead on the activations and that layer.
        Assert.Equal(MemoryPlanner.ProcessBaseline + Batch * PerLayer * 4 + 64 * 4 + (long)(0.15 * Batch * (3 * PerLayer + Head) * 4), p.Workspace);
        Assert.Equal(p.Weights + p.Trainable + p.Gradients + p.Optimizer + p.Activations + p.Workspace, plan.PeakBytes);
        Assert.True(plan.Fits);
    }

    [Fact]
    public void RecomputationKeepsEachLayersInputAndOneLayer()
    {
        var plan = MemoryPlanner.Plan(Request("ln", checkpointing: true), 24 * Gib);

        Assert.Equal(Batch * (2 * Tokens * 64 + Head + PerLayer) * 4, plan.Parts.Activations);
    }

    [Fact]
    public void Bf16HalvesTheFrozenLinearWeightsOnly()
    {
        var fp32 = MemoryPlanner.Plan(Request("full"), 24 * Gib).Parts;
        var bf16 = MemoryPlanner.Plan(Request("full", Precision.Bf16), 24 * Gib).Parts;

        // full trains the projector and the LLM; the vision tower stays frozen. Its linear weights (per layer q, k, v, o
        // 4·32·32, fc1 32·64, fc2 64·32) take 2 bytes in bf16; its convolution, embeddings, norms and biases stay float32.
        const long visionLinear = 3 * (4 * 32 * 32 + 32 * 64 + 64 * 32);
        Assert.Equal(Vision * 4, fp32.Weights);
        Assert.Equal(Vision * 4 - visionLinear * 2, bf16.Weights);
        // Activations, trained tensors, their gradients and AdamW state are float32 in both.
        Assert.Equal(fp32.Activations, bf16.Activations);
        Assert.Equal((fp32.Trainable, fp32.Gradients, fp32.Optimizer), (bf16.Trainable, bf16.Gradients, bf16.Optimizer));
        Assert.Equal((Projector + Llm) * 4, bf16.Trainable);
    }

    [Fact]
    public void Bf16WithFloat32ProductsCountsTheBufferTheLargestFrozenWeightIsWidenedInto()
    {
        MemoryPlan Plan(bool inBf16)
        {
            using var products = Bf16Products.Use(inBf16);
            return MemoryPlanner.Plan(Request("ln", Precision.Bf16), 24 * Gib);
        }

        var bf16Products = Plan(inBf16: true);
        var widened = Plan(inBf16: false);

        Assert.False(bf16Products.WidenedWeights);
        Assert.True(widened.WidenedWeights);
        // ln trains the norms only: the largest frozen linear weight is the head's 160 x 64, widened whole (under 16 MiB).
        Assert.Equal(160 * 64 * 4, widened.Parts.Workspace - bf16Products.Parts.Workspace);
        Assert.Equal(bf16Products.Parts with { Workspace = 0 }, widened.Parts with { Workspace = 0 });
    }

    [Fact]
    public void TheWideningBufferOfAWeightOverASliceIsOneSlice()
    {
        // LLaVA-Med's 32,000 x 4,096 head: widened in slices of at most 16 MiB, not as its 500 MiB float32 copy.
        Assert.Equal(16L << 20, Bf16Linear.WideningBytes(32_000L * 4_096));
        Assert.Equal(1_000L * 4, Bf16Linear.WideningBytes(1_000));
    }

    [Fact]
    public void TheFirstChangeThatFitsIsRecomputationWhenItFits()
    {
        var recomputed = MemoryPlanner.Plan(Request("ln", checkpointing: true), 24 * Gib);
        var plan = MemoryPlanner.Plan(Request("ln"), recomputed.PeakBytes);

        Assert.False(plan.Fits);
        var change = MemoryPlanner.CheapestChange(plan);
        Assert.NotNull(change);
        Assert.Equal(ChangeKind.GradientCheckpointing, change.Kind);
        Assert.Equal(recomputed.PeakBytes, change.Plan.PeakBytes);
    }

    [Fact]
    public void NothingFitsInLessThanTheProcessItself()
    {
        var plan = MemoryPlanner.Plan(Request("ln"), MemoryPlanner.ProcessBaseline / 2);

        Assert.False(plan.Fits);
        Assert.Null(MemoryPlanner.CheapestChange(plan));
    }

    [Fact]
    public void AResNetImageEncoderKeepsItsConvolutionStagesOnlyWhenItTrains()
    {
        using var folder = new TemporaryFolder();
        // One BasicBlock per stage; 64-pixel images give 16, 8, 4 and 2-pixel feature maps of 8, 8, 16 and 16 channels.
        const string config = TinyConfigs.ResNetBlip;
        File.WriteAllText(folder.File(HfModelLoader.ConfigFile), config);
        using (var model = HfModelLoader.Build(new ConfigObject((JsonObject)JsonNode.Parse(config)!, "test config"), device: torch.META))
            SafeTensorsWriter.Save(folder.File("model.safetensors"), model.Module.state_dict().ToDictionary(t => t.Key, t => torch.zeros(t.Value.shape, t.Value.dtype)));
        PlanRequest Plan(string method) => new(folder.Path, method, null, new PeftOptions(), Batch);

        // ln tunes the BatchNorms too, so the backward pass runs through the image encoder; lora (text only) does not.
        var withVision = MemoryPlanner.Plan(Plan("ln"), 24 * Gib).Parts.Activations;
        var textOnly = MemoryPlanner.Plan(Plan("lora"), 24 * Gib).Parts.Activations;

        // The stem: its convolution's, BatchNorm's and ReLU's 8 x 32 x 32 maps, the max-pool's 8 x 16 x 16 one. Per block:
        // two convolutions, each keeping its output, the BatchNorm's and the ReLU's, and the residual sum (7 maps).
        const long Stem = 3 * 8 * 32 * 32 + 8 * 16 * 16;
        const long Stages = 7 * (8 * 16 * 16 + 8 * 8 * 8 + 16 * 4 * 4 + 16 * 2 * 2);
        Assert.Equal(Batch * (Stem + Stages) * 4, withVision - textOnly);
    }
}
