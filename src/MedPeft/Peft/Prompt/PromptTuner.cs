using MedPeft.Models;
using MedPeft.Nn;
using MedPeft.Peft.Tuners;

namespace MedPeft.Peft.Prompt;

/// <summary><c>prompt</c>: a <see cref="SoftPrompt"/> prepended to the model's text input.</summary>
internal sealed class PromptTuner() : AddingTuner("prompt", "prompt tuning: soft prompt tokens prepended to the text input",
    needs: "text input", merges: false, comparisonLearningRate: 1e-2, typeof(PromptOptions))
{
    /// <summary>BLIP's text input is the text encoder's.</summary>
    public override TunerScope DefaultScope(string modelType) => modelType == "blip" ? TunerScope.Of("text-encoder") : base.DefaultScope(modelType);

    protected override void Add(TunerTarget target)
    {
        var (model, modules) = (target.Model, target.Modules);
        if (model is not ISoftPromptHost host)
            throw new MedPeftException($"prompt tuning needs a model with a text input; {model.Architecture} has none.");
        if (!ComponentNames.Matches(host.PromptComponent, modules.Component.Name))
            throw new MedPeftException($"prompt tuning prepends tokens to the {host.PromptComponent} input; it cannot apply to the {modules.Component.Name} component.");
        var prompt = new SoftPrompt(target.Options.Get<PromptOptions>().Tokens, host.InputEmbeddingWeight.detach());
        modules.Component.Module.register_module(SoftPrompt.ModuleName, prompt);
        host.SoftPrompt = () => prompt.weight;
    }
}
