using MedPeft.Benchmarks;
using MedPeft.Models;

namespace MedPeft.Tests.Benchmarks;

/// <summary>The anchor's tables apply to the built-in models of the anchor's sizes, and only to them.</summary>
public class AnchorResultsTests
{
    static long Parameters(string model)
    {
        using var structure = ModelSource.LoadStructure(model);
        return structure.Module.parameters().Sum(p => p.numel());
    }

    [Theory]
    [InlineData("blip-base", "BlipForQuestionAnswering")]
    [InlineData("llama-small", "LlamaForCausalLM")]
    public void BuiltInModelsOfTheAnchorSizesAreTheAnchorModels(string model, string architecture)
    {
        var table = AnchorResults.ForArchitecture(architecture);

        Assert.NotNull(table);
        Assert.True(table.Describes(Parameters(model)));
        Assert.False(table.Describes(Parameters(model == "blip-base" ? "tiny-blip" : "tiny-llava")));
    }

    [Fact]
    public void SpreadTakesTheMiddleValueOrTheMeanOfTheTwoMiddleOnes()
    {
        Assert.Equal(new Spread(3, 1, 9), Spread.Of(new[] { 9.0, 1, 3 }));
        Assert.Equal(new Spread(2.5, 1, 9), Spread.Of(new[] { 9.0, 1, 3, 2 }));
    }
}
