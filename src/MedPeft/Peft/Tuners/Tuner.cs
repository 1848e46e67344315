namespace MedPeft.Peft.Tuners;

/// <summary>What every tuner states about itself (see <see cref="ITuner"/>); its subclasses add how it is applied.</summary>
internal abstract class Tuner(string name, string description, string? needs, double comparisonLearningRate, params Type[] options) : ITuner
{
    public string Name => name;
    public string Description => description;
    public string? Needs => needs;
    public abstract bool Intrinsic { get; }
    public abstract bool Merges { get; }
    public double ComparisonLearningRate => comparisonLearningRate;
    public IReadOnlyList<Type> Options => options;
    public abstract TunerScope DefaultScope(string modelType);
    public abstract int Apply(TunerTarget target);
}
