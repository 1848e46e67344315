using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace MedPeft.Training;

/// <summary>
/// AdamW with decoupled weight decay, exactly as PyTorch's single-tensor implementation computes it
/// (decay, moment updates, bias corrections, then p -= lr/bc1 · m / (√v/√bc2 + eps)). Its state is a
/// pair of named tensors per parameter, so a checkpoint can hold it and a resumed run continues bit
/// for bit. Parameters without a gradient are skipped, as in PyTorch.
/// </summary>
public sealed class AdamW : IDisposable
{
    public sealed record Settings(double LearningRate, double Beta1 = 0.9, double Beta2 = 0.999, double Epsilon = 1e-8, double WeightDecay = 0.0);

    readonly IReadOnlyList<(string Name, Parameter Parameter)> parameters;
    readonly Settings settings;
    readonly Dictionary<string, (Tensor Average, Tensor SquareAverage)> state = new();

    /// <summary>Optimizer steps taken (PyTorch's per-parameter <c>step</c>; the same for all here).</summary>
    public long Step { get; private set; }
    public double LearningRate { get; set; }

    public AdamW(IReadOnlyList<(string Name, Parameter Parameter)> parameters, Settings settings)
    {
        this.parameters = parameters;
        this.settings = settings;
        LearningRate = settings.LearningRate;
    }

    public void ZeroGrad()
    {
        foreach (var (_, parameter) in parameters) parameter.grad = null;
    }

    public void StepOnce()
    {
        using var noGrad = torch.no_grad();
        Step++;
        double correction1 = 1 - Math.Pow(settings.Beta1, Step);
        double correction2 = Math.Sqrt(1 - Math.Pow(settings.Beta2, Step));
        foreach (var (name, parameter) in parameters)
        {
            var grad = parameter.grad;
            if (grad is null) continue;
            if (!state.TryGetValue(name, out var moments))
                state[name] = moments = (torch.zeros_like(parameter).DetachFromDisposeScope(), torch.zeros_like(parameter).DetachFromDisposeScope());
            parameter.mul_(1 - LearningRate * settings.WeightDecay);
            moments.Average.lerp_(grad, 1 - settings.Beta1);
            moments.SquareAverage.mul_(settings.Beta2).addcmul_(grad, grad, 1 - settings.Beta2);
            using var denominator = (moments.SquareAverage.sqrt() / correction2).add_(settings.Epsilon);
            parameter.addcdiv_(moments.Average, denominator, -LearningRate / correction1);
        }
    }

    /// <summary>The moments by parameter name (<c>exp_avg.NAME</c>, <c>exp_avg_sq.NAME</c>), for checkpoints.</summary>
    public Dictionary<string, Tensor> StateTensors()
    {
        var tensors = new Dictionary<string, Tensor>();
        foreach (var (name, (average, square)) in state)
        {
            tensors[$"exp_avg.{name}"] = average;
            tensors[$"exp_avg_sq.{name}"] = square;
        }
        return tensors;
    }

    /// <summary>Restores what <see cref="StateTensors"/> saved after <paramref name="step"/> steps.</summary>
    public void Restore(long step, IReadOnlyDictionary<string, Tensor> tensors)
    {
        Step = step;
        foreach (var (name, parameter) in parameters)
        {
            if (!tensors.TryGetValue($"exp_avg.{name}", out var average)) continue;
            if (!tensors.TryGetValue($"exp_avg_sq.{name}", out var square))
                throw new MedPeftException($"optimizer state has exp_avg but no exp_avg_sq for '{name}'.");
            if (!average.shape.SequenceEqual(parameter.shape))
                throw new MedPeftException($"optimizer state for '{name}' has shape [{string.Join(", ", average.shape)}], the parameter [{string.Join(", ", parameter.shape)}].");
            state[name] = (average.to(parameter.device).DetachFromDisposeScope(), square.to(parameter.device).DetachFromDisposeScope());
        }
    }

    /// <summary>Bytes the moments take (two float tensors per optimized parameter once it has had a gradient).</summary>
    public long StateBytes => state.Values.Sum(s => s.Average.NumberOfElements * s.Average.ElementSize * 2);

    public void Dispose()
    {
        foreach (var (average, square) in state.Values)
        {
            average.Dispose();
            square.Dispose();
        }
        state.Clear();
    }
}
