using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace MedPeft.Training;

/// <summary>
/// AdamW with decoupled weight decay, as PyTorch computes it (decay, moment updates, bias corrections,
/// then p -= lr/bc1 · m / (√v/√bc2 + eps)), run by LibTorch's fused kernel (<c>_fused_adamw_</c>): one
/// pass over each parameter, its gradient and its moments, with no temporary tensors. (The per-tensor
/// form makes seven passes and allocates two temporaries per parameter each step; on BLIP-base that
/// was a third of a full fine-tuning step, most of it faulting in freed memory again.) Its state is a
/// pair of named tensors per parameter, so a checkpoint can hold it and a resumed run continues bit
/// for bit. Parameters without a gradient are skipped, as in PyTorch.
/// </summary>
internal sealed class AdamW : IDisposable
{
    public sealed record Settings(double LearningRate, double Beta1 = 0.9, double Beta2 = 0.999, double Epsilon = 1e-8, double WeightDecay = 0.0);

    // TorchScript is how TorchSharp reaches an operator it does not wrap.
    const string Script = """
        def step(params: List[Tensor], grads: List[Tensor], exp_avgs: List[Tensor], exp_avg_sqs: List[Tensor], steps: List[Tensor],
                 lr: float, beta1: float, beta2: float, weight_decay: float, eps: float) -> int:
            torch._fused_adamw_(params, grads, exp_avgs, exp_avg_sqs, [], steps, lr=lr, beta1=beta1, beta2=beta2, weight_decay=weight_decay, eps=eps, amsgrad=False, maximize=False)
            return len(params)

        """;

    static readonly Lazy<jit.CompilationUnit> Kernel = new(() => jit.compile(Script));

    readonly IReadOnlyList<(string Name, Parameter Parameter)> parameters;
    readonly Settings settings;
    readonly Dictionary<string, (Tensor Average, Tensor SquareAverage)> state = new();
    // The kernel reads the step count from a tensor per parameter; one shared tensor serves them all.
    readonly Tensor stepTensor = torch.zeros(Array.Empty<long>(), ScalarType.Float32).DetachFromDisposeScope();

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
        using var scope = NewDisposeScope();
        using var noGrad = torch.no_grad();
        Step++;
        var updates = new List<(Parameter Parameter, Tensor Grad, Tensor Average, Tensor SquareAverage)>();
        foreach (var (name, parameter) in parameters)
        {
            var grad = parameter.grad;
            if (grad is null) continue;
            if (!state.TryGetValue(name, out var moments))
                state[name] = moments = (torch.zeros_like(parameter).DetachFromDisposeScope(), torch.zeros_like(parameter).DetachFromDisposeScope());
            updates.Add((parameter, grad.is_contiguous() ? grad : grad.contiguous(), moments.Average, moments.SquareAverage));
        }
        // One call per device and dtype, as the kernel requires.
        foreach (var group in updates.GroupBy(u => (u.Parameter.device_type, u.Parameter.device_index, u.Parameter.dtype)))
        {
            var items = group.ToList();
            var steps = stepTensor.to(items[0].Parameter.device).fill_(Step);
            Kernel.Value.invoke("step", items.Select(u => (Tensor)u.Parameter).ToArray(), items.Select(u => u.Grad).ToArray(),
                items.Select(u => u.Average).ToArray(), items.Select(u => u.SquareAverage).ToArray(), items.Select(_ => steps).ToArray(),
                LearningRate, settings.Beta1, settings.Beta2, settings.WeightDecay, settings.Epsilon);
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

    /// <summary>
    /// Restores what <see cref="StateTensors"/> saved after <paramref name="step"/> steps, read from <paramref name="source"/>:
    /// each moment must have its parameter's shape and dtype (the fused kernel takes nothing else).
    /// </summary>
    public void Restore(long step, IReadOnlyDictionary<string, Tensor> tensors, string source)
    {
        Step = step;
        foreach (var (name, parameter) in parameters)
        {
            if (!tensors.TryGetValue($"exp_avg.{name}", out var average)) continue;
            if (!tensors.TryGetValue($"exp_avg_sq.{name}", out var square))
                throw new MedPeftException($"{source}: has exp_avg but no exp_avg_sq for '{name}'.");
            foreach (var (key, moment) in new[] { ($"exp_avg.{name}", average), ($"exp_avg_sq.{name}", square) })
            {
                if (!moment.shape.SequenceEqual(parameter.shape) || moment.dtype != parameter.dtype)
                    throw new MedPeftException($"{source}: tensor '{key}' is {moment.dtype} [{string.Join(", ", moment.shape)}]; the parameter is {parameter.dtype} [{string.Join(", ", parameter.shape)}].");
            }
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
        stepTensor.Dispose();
    }
}
