using MedPeft.Peft;
using MedPeft.Peft.Tuners;
using TorchSharp;
using TorchSharp.Modules;

namespace MedPeft.Tests.Peft;

/// <summary>
/// A method added from outside the library: one options record and one tuner (what a new folder under
/// Peft/ holds), registered with <see cref="TunerRegistry.With"/>; no other method's file changes.
/// </summary>
public class ToyTunerTests
{
    public sealed record ToyOptions : ITunerOptions
    {
        [TunerSetting("toy_size", "toy-size", "Length of the toy vector.")]
        public int Size { get; init; } = 2;

        public void Validate() => Setting.Require(Size >= 1, Setting.Name<ToyOptions>(nameof(Size)), $"must be at least 1 (got {Size})");
    }

    internal sealed class ToyTuner() : AddingTuner("toy", "a learned vector on each component", needs: "module", merges: false, comparisonLearningRate: 1e-3, typeof(ToyOptions))
    {
        protected override void Add(TunerTarget target) =>
            target.Modules.Component.Module.register_parameter("toy_vector", new Parameter(torch.zeros(target.Options.Get<ToyOptions>().Size)));
    }

    static readonly TunerRegistry Registry = TunerRegistry.Default.With(new ToyTuner());

    [Fact]
    public void RegisteredToyIsPlannedAndAppliedWithItsOptions()
    {
        var plan = PeftPlan.Parse("ln@vision+toy", null, Registry);
        var peft = PeftModel.Apply(TinyModel.Load("blip").Model, plan, new PeftOptions().With(new ToyOptions { Size = 3 }), Registry);

        // Like every adding tuner on BLIP, it defaults to the text side.
        Assert.Equal(new[] { "text-encoder", "decoder" }, peft.Applied.Single(a => a.Item.Method == "toy").Components);
        var toy = peft.Trainable.Where(p => p.Name.EndsWith("toy_vector", StringComparison.Ordinal)).ToList();
        Assert.Equal(2, toy.Count);
        Assert.All(toy, p => Assert.Equal(new long[] { 3 }, p.Parameter.shape));
        Assert.True(peft.HasUnmergeableParts);
    }

    [Fact]
    public void ToysSettingIsListedNamedAndChecked()
    {
        var setting = Registry.Settings.Last();
        Assert.Equal(("ToyOptions.Size", "toy_size", "toy-size", "2"), (setting.Name, setting.FileKey, setting.Key, setting.DefaultText));
        Assert.Contains("toy", DefaultScopesText.Of(Registry));

        var error = Assert.Throws<InvalidSettingException>(() => new PeftOptions().With(new ToyOptions { Size = 0 }).Validated());
        Assert.Equal("ToyOptions.Size", error.Setting);
    }

    [Fact]
    public void TheDefaultRegistryStaysWithoutTheToy()
    {
        Assert.DoesNotContain("toy", TunerRegistry.Default.Names);
        var error = Assert.Throws<InvalidSettingException>(() => PeftPlan.Parse("toy"));
        Assert.Equal(PeftPlan.MethodSetting, error.Setting);
        Assert.Contains("unknown method 'toy'", error.Message);
    }
}
