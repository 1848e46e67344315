using MedPeft.Peft;
using MedPeft.Peft.Tuners;
using TorchSharp;
using static TorchSharp.torch;

namespace MedPeft.Tests.Peft;

/// <summary>
/// For every method on the tiny BLIP and LLaVA models: frozen parameters get no gradient and stay
/// bit-identical through optimizer steps; every trainable parameter that can affect the output changes.
/// </summary>
public class PeftTrainingTests
{
    public static TheoryData<string, string> Cases()
    {
        var data = new TheoryData<string, string>();
        foreach (var family in new[] { "blip", "llava" })
            foreach (var method in TunerRegistry.Default.Names.Where(m => m != "frozen"))
                data.Add(family, method);
        data.Add("blip", "ln+attn");
        data.Add("blip", "lora@decoder+ln@vision");
        data.Add("llava", "ln@all");
        data.Add("llava", "lora@llm+ln@vision+ffn@projector");
        data.Add("llava", "ia3+prompt");
        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void FrozenStayIdenticalAndTrainableChange(string family, string method)
    {
        using var scope = NewDisposeScope();
        var tiny = TinyModel.Load(family);
        var peft = PeftModel.Apply(tiny.Model, PeftPlan.Parse(method), new PeftOptions());
        var before = tiny.Model.Module.named_parameters().ToDictionary(p => p.name, p => p.parameter.detach().clone());
        var optimized = peft.Optimized;
        Assert.NotEmpty(optimized);
        var trainableNames = optimized.Select(p => p.Name).ToHashSet();
        using var optimizer = torch.optim.AdamW(optimized.Select(p => p.Parameter), lr: 1e-2, weight_decay: 0);
        tiny.Model.Module.train();
        for (int step = 0; step < 3; step++)
        {
            optimizer.zero_grad();
            using var loss = tiny.Loss();
            loss.backward();
            foreach (var (name, parameter) in tiny.Model.Module.named_parameters().Where(p => !p.parameter.requires_grad))
                Assert.True(parameter.grad is null, $"{method}: frozen '{name}' received a gradient");
            optimizer.step();
        }

        foreach (var (name, parameter) in tiny.Model.Module.named_parameters())
        {
            bool changed = !before.TryGetValue(name, out var old) || !old.eq(parameter.detach()).all().item<bool>();
            if (trainableNames.Contains(name)) Assert.True(changed, $"{method}: trainable '{name}' did not change");
            else Assert.False(changed, $"{method}: frozen '{name}' changed");
        }
    }

    [Theory]
    [InlineData("blip")]
    [InlineData("llava")]
    public void FrozenPlanTrainsNothing(string family)
    {
        var tiny = TinyModel.Load(family);
        var peft = PeftModel.Apply(tiny.Model, PeftPlan.Parse("frozen"), new PeftOptions());
        Assert.Empty(peft.Trainable);
        Assert.Equal(0, PeftAccount.Of(peft).Trainable);
    }
}
