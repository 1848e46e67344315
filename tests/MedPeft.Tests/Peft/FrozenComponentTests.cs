using MedPeft.Models;
using MedPeft.Models.Blip;
using MedPeft.Models.Llava;
using MedPeft.Peft;
using TorchSharp;
using static TorchSharp.torch;

namespace MedPeft.Tests.Peft;

/// <summary>
/// A component with nothing trainable records no autograd graph, so backward never runs through it:
/// none of its activations requires a gradient. A trainable LayerNorm inside it changes that.
/// </summary>
public class FrozenComponentTests
{
    static BlipVqaOutput BlipForward(string method)
    {
        var model = (BlipForQuestionAnswering)ModelSource.Load("tiny-blip");
        PeftModel.Apply(model, PeftPlan.Parse(method), new PeftOptions());
        model.train();
        using var generator = new Generator(3);
        var pixels = torch.randn(new long[] { 2, 3, 32, 32 }, generator: generator);
        var question = torch.randint(3, 128, new long[] { 2, 6 }, generator: generator);
        var answer = torch.randint(3, 128, new long[] { 2, 4 }, generator: generator);
        return model.Forward(pixels, question, null, answer, null, answer, new OutputRequest(HiddenStates: true));
    }

    [Theory]
    [InlineData("lora")]
    [InlineData("full@text-encoder:decoder")]
    [InlineData("ln@decoder")]
    public void BlipVisionTowerRecordsNoGraphWhenNothingInItTrains(string method)
    {
        using var scope = NewDisposeScope();
        var output = BlipForward(method);

        Assert.True(output.Loss!.requires_grad);
        Assert.False(output.Encoding.ImageEmbeds.requires_grad);
        Assert.All(output.Encoding.Vision.HiddenStates!, h => Assert.False(h.requires_grad));
    }

    [Fact]
    public void BlipTextEncoderRecordsNoGraphWhenOnlyTheDecoderTrains()
    {
        using var scope = NewDisposeScope();
        var output = BlipForward("lora@decoder");

        Assert.False(output.Encoding.QuestionEmbeds.requires_grad);
        Assert.True(output.Loss!.requires_grad);
    }

    [Fact]
    public void BlipVisionLayerNormsMakeTheVisionTowerPartOfTheGraph()
    {
        using var scope = NewDisposeScope();
        var output = BlipForward("ln");

        Assert.True(output.Encoding.ImageEmbeds.requires_grad);
        // The patch embeddings come before the first trainable LayerNorm: still no graph there.
        Assert.False(output.Encoding.Vision.HiddenStates![0].requires_grad);
        Assert.True(output.Encoding.Vision.HiddenStates![1].requires_grad);
    }

    [Theory]
    [InlineData("lora")]
    [InlineData("ln@llm")]
    [InlineData("full")]
    public void LlavaVisionTowerRecordsNoGraphWhenOnlyTheLanguageModelOrProjectorTrains(string method)
    {
        using var scope = NewDisposeScope();
        var model = (LlavaForConditionalGeneration)ModelSource.Load("tiny-llava");
        var peft = PeftModel.Apply(model, PeftPlan.Parse(method), new PeftOptions());
        model.train();
        using var generator = new Generator(5);
        var pixels = torch.randn(new long[] { 1, 3, 32, 32 }, generator: generator);
        var ids = torch.cat(new[] { torch.tensor(new long[] { 1, model.Config.ImageTokenIndex }), torch.randint(3, 140, new long[] { 5 }, generator: generator) }).unsqueeze(0);

        var output = model.Forward(ids, pixels, null, ids, OutputRequest.None);

        Assert.True(output.Loss!.requires_grad);
        Assert.False(output.SelectedFeatures.requires_grad);
        // Default full on LLaVA trains the projector too; LoRA and ln@llm leave it frozen.
        Assert.Equal(peft.Applied.Any(a => a.Components.Contains("projector")), output.ImageFeatures.requires_grad);
    }
}
