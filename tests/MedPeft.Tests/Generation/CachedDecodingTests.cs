using MedPeft.Generation;
using MedPeft.Models;
using MedPeft.Models.Blip;
using MedPeft.Models.Llama;
using MedPeft.Models.Llava;
using TorchSharp;
using static TorchSharp.torch;

namespace MedPeft.Tests.Generation;

/// <summary>Decoding with the KV cache produces the same tokens as re-running the whole sequence.</summary>
public class CachedDecodingTests
{
    // Both runs use one GEMM implementation: otherwise the uncached pass (many rows) goes to oneDNN and the
    // cached steps (one row per beam) to BLAS, and their float32 rounding differences can reorder this tiny
    // random model's nearly tied beams. What is checked here is the cache, not the kernels.
    static GenerationResult Run(Func<bool, IStepDecoder> newDecoder, bool cached, long batch, GenerationOptions options)
    {
        using var blas = MedPeft.Nn.OneDnnLinear.Use(MedPeft.Nn.LinearKernel.Blas);
        using var decoder = newDecoder(cached);
        return TextGenerator.Generate(decoder, batch, options, keepScores: options.NumBeams == 1);
    }

    static void AssertSame(GenerationResult cached, GenerationResult uncached)
    {
        Assert.Equal(uncached.Tokens, cached.Tokens);
        for (int i = 0; i < (cached.StepScores?.Count ?? 0); i++)
        {
            double gap = (cached.StepScores![i] - uncached.StepScores![i]).abs().max().item<float>();
            Assert.True(gap < 1e-4, $"step {i} logits differ by {gap}");
        }
    }

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    public void BlipAnswerDecoder(int beams)
    {
        using var scope = NewDisposeScope();
        using var model = (BlipForQuestionAnswering)HfModelLoader.Load(TestData.HfCase("blip_vqa"));
        var inputs = MedPeft.IO.SafeTensorsFile.Open(Path.Combine(TestData.HfCase("blip_vqa"), "inputs.safetensors"));
        var question = model.Encode(inputs.Read("pixel_values"), inputs.Read("input_ids"), inputs.Read("attention_mask"), OutputRequest.None).QuestionEmbeds;
        var mask = inputs.Read("attention_mask");
        var options = new GenerationOptions(8, model.Config.Text.SepTokenId, model.Config.Text.PadTokenId, beams);

        IStepDecoder New(bool cached) => new BlipAnswerDecoder(model.text_decoder, question, mask, model.Config.Text.BosTokenId, cached);

        AssertSame(Run(New, true, 2, options), Run(New, false, 2, options));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    public void LlavaWithLeftPaddedPrompts(int beams)
    {
        using var scope = NewDisposeScope();
        using var model = (LlavaForConditionalGeneration)HfModelLoader.Load(TestData.HfCase("llava"));
        var inputs = MedPeft.IO.SafeTensorsFile.Open(Path.Combine(TestData.HfCase("llava"), "inputs.safetensors"));
        var ids = inputs.Read("input_ids");
        // Row 0 is left-padded by two tokens; row 1 has two more real tokens instead.
        var padded = torch.stack(new[]
        {
            torch.cat(new[] { torch.zeros(2, ScalarType.Int64), ids[0] }),
            torch.cat(new[] { ids[1], torch.tensor(new long[] { 5, 6 }) }),
        });
        var mask = torch.ones_like(padded);
        mask[0, ..2] = 0;
        var output = model.Forward(padded, inputs.Read("pixel_values"), mask, null, OutputRequest.None);
        var options = new GenerationOptions(6, model.Config.Text.EosTokenId, 0, beams);

        IStepDecoder New(bool cached) => new LlamaStepDecoder(model.language_model, output.Merged.InputsEmbeds, output.Merged.AttentionMask, cached);

        AssertSame(Run(New, true, 2, options), Run(New, false, 2, options));
    }

    [Fact]
    public void LlamaCachedPrefillMatchesTheFullForward()
    {
        using var scope = NewDisposeScope();
        using var model = (LlamaForCausalLM)HfModelLoader.Load(TestData.HfCase("llama"));
        var ids = torch.tensor(new long[] { 1, 7, 9, 4, 11, 3 }).unsqueeze(0);
        var (full, _) = model.Forward(ids, null, null, null, null, OutputRequest.None);
        var cache = model.NewCache();
        var (first, _) = model.Forward(ids.narrow(1, 0, 4), null, null, null, cache, OutputRequest.None);
        var (rest, _) = model.Forward(ids.narrow(1, 4, 2), null, null, null, cache, OutputRequest.None);

        double gap = (torch.cat(new[] { first, rest }, 1) - full).abs().max().item<float>();
        Assert.True(gap < 1e-5, $"cached logits differ by {gap}");
    }
}
