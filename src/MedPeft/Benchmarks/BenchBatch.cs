using MedPeft.Models;
using MedPeft.Models.Blip;
using MedPeft.Models.Llama;
using MedPeft.Models.Llava;
using MedPeft.Nn;
using MedPeft.Peft;
using MedPeft.Planning;
using TorchSharp;
using static TorchSharp.torch;

namespace MedPeft.Benchmarks;

/// <summary>
/// The fixed training batch a benchmark step runs on — the shapes the performance anchor measured
/// HF + PEFT with — and the model's loss on it. Inputs and labels are drawn from a fixed seed, so
/// every method and every process sees the same batch.
/// </summary>
internal sealed class BenchBatch : IDisposable
{
    /// <summary>BLIP VQA: images per batch, question and answer tokens.</summary>
    public const int BlipBatch = 4, BlipQuestionTokens = 20, BlipAnswerTokens = 8;

    /// <summary>Causal language model: sequences per batch and tokens per sequence.</summary>
    public const int CausalLmBatch = 2, CausalLmTokens = 256;

    /// <summary>LLaVA (no anchor: measured with <c>only</c>): images per batch and text tokens, one of them the image placeholder.</summary>
    public const int LlavaBatch = 2, LlavaTextTokens = 64;

    /// <summary>A LLaVA whose image takes more tokens than this (a full-size one: 576 at 336 pixels) runs one row per batch.</summary>
    public const int FullSizeImageTokens = 256;

    const long Seed = 20240425;

    readonly Tensor[] inputs;
    readonly Func<Tensor> loss;

    /// <summary>The batch in words, e.g. "batch 2 x 256 tokens".</summary>
    public string Description { get; }

    BenchBatch(string description, Tensor[] inputs, Func<Tensor> loss)
    {
        Description = description;
        this.inputs = inputs;
        this.loss = loss;
    }

    /// <summary>
    /// The memory plan's request for a step of <paramref name="method"/> on this benchmark's batch of <paramref name="model"/>
    /// (a structure of the model <paramref name="source"/> names), so that a method whose plan does not fit is refused before its process starts.
    /// </summary>
    public static PlanRequest PlanOf(IHfModel model, string source, string method, Precision precision, bool gradientCheckpointing)
    {
        (long Rows, int Text, int? Answer) shape = model switch
        {
            BlipForQuestionAnswering => (BlipBatch, BlipQuestionTokens, BlipAnswerTokens),
            LlamaForCausalLM => (CausalLmBatch, CausalLmTokens, null),
            LlavaForConditionalGeneration llava => (LlavaRows(llava), LlavaTextTokens, null),
            _ => throw Unsupported(model),
        };
        return new PlanRequest(source, method, null, new PeftOptions(), (int)shape.Rows, TextTokens: shape.Text, AnswerTokens: shape.Answer, Precision: precision,
            GradientCheckpointing: gradientCheckpointing);
    }

    static long LlavaRows(LlavaForConditionalGeneration model) => model.ImageTokens > FullSizeImageTokens ? 1 : LlavaBatch;

    static MedPeftException Unsupported(IHfModel model) => new(
        $"bench-methods: {model.Architecture} has no benchmark batch; BlipForQuestionAnswering, LlamaForCausalLM/MistralForCausalLM and LlavaForConditionalGeneration have.");

    /// <summary>The mean loss of the model on the batch (a forward pass with labels).</summary>
    public Tensor Loss() => loss();

    /// <summary>The batch for <paramref name="model"/>: BLIP VQA and LLaMA/Mistral causal LMs are supported.</summary>
    public static BenchBatch For(IHfModel model)
    {
        var device = model.Module.parameters().First().device;
        using var generator = new Generator((ulong)Seed);
        return model switch
        {
            BlipForQuestionAnswering blip => Blip(blip, generator, device),
            LlamaForCausalLM llama => CausalLm(llama, generator, device),
            LlavaForConditionalGeneration llava => Llava(llava, generator, device),
            _ => throw Unsupported(model),
        };
    }

    static BenchBatch Blip(BlipForQuestionAnswering model, Generator generator, Device device)
    {
        var (config, text) = (model.Config, model.Config.Text);
        long channels = config.Vision?.NumChannels ?? config.ResNetVision!.NumChannels;
        var pixels = torch.randn(new long[] { BlipBatch, channels, config.ImageSize, config.ImageSize }, generator: generator).to(device);
        var question = Tokens(text.VocabSize, BlipBatch, BlipQuestionTokens, generator, device);
        var questionMask = torch.ones_like(question);
        // Answers start with [bos], as BLIP's decoder inputs do; the labels are the answer itself.
        var answer = Tokens(text.VocabSize, BlipBatch, BlipAnswerTokens, generator, device);
        answer[TensorIndex.Colon, 0] = torch.tensor(text.BosTokenId);
        var answerMask = torch.ones_like(answer);
        return new BenchBatch(
            $"batch {BlipBatch}, question {BlipQuestionTokens} tokens, answer {BlipAnswerTokens} tokens, image {config.ImageSize}",
            new[] { pixels, question, questionMask, answer, answerMask },
            () => model.Forward(pixels, question, questionMask, answer, answerMask, answer, OutputRequest.None).Loss!);
    }

    static BenchBatch CausalLm(LlamaForCausalLM model, Generator generator, Device device)
    {
        var ids = Tokens(model.Config.VocabSize, CausalLmBatch, CausalLmTokens, generator, device);
        var mask = torch.ones_like(ids);
        return new BenchBatch($"batch {CausalLmBatch} x {CausalLmTokens} tokens", new[] { ids, mask }, () =>
        {
            using var scope = NewDisposeScope();
            var (logits, _) = model.Forward(ids, null, mask, null, null, OutputRequest.None);
            return NextTokenLoss.Compute(logits, ids).MoveToOuterDisposeScope();
        });
    }

    static BenchBatch Llava(LlavaForConditionalGeneration model, Generator generator, Device device)
    {
        var (config, text) = (model.Config, model.Config.Text);
        long batch = LlavaRows(model);
        var pixels = torch.randn(new long[] { batch, config.Vision.NumChannels, config.Vision.ImageSize, config.Vision.ImageSize }, generator: generator).to(device);
        // Text tokens other than the image placeholder, then the placeholder second, after the first token.
        var ids = Tokens(text.VocabSize, batch, LlavaTextTokens, generator, device);
        var image = torch.tensor((long)config.ImageTokenIndex, device: device);
        ids = torch.where(ids.eq(image), torch.zeros_like(ids), ids);
        ids[TensorIndex.Colon, 1] = image;
        var mask = torch.ones_like(ids);
        return new BenchBatch($"batch {batch}, {LlavaTextTokens} text tokens with the image's {model.ImageTokens}, image {config.Vision.ImageSize}",
            new[] { pixels, ids, mask, image }, () => model.Forward(ids, pixels, mask, ids, OutputRequest.None).Loss!);
    }

    static Tensor Tokens(long vocab, long batch, long length, Generator generator, Device device) =>
        torch.randint(0, vocab, new[] { batch, length }, ScalarType.Int64, generator: generator).to(device);

    public void Dispose()
    {
        foreach (var tensor in inputs) tensor.Dispose();
    }
}
