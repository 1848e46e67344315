using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace MedPeft.Nn;

/// <summary>
/// Creates module parameters on the device and in the dtype of the current build scope. The scope is
/// per thread, unlike LibTorch's global defaults, so models built concurrently (on the "meta" device
/// for inspection, in bf16 for a large model) do not affect each other. With <see cref="Precision.Bf16"/> the
/// linear layers' weights are created in bfloat16 (<see cref="LinearWeightDType"/>) and everything else in the scope's dtype.
/// </summary>
internal static class ModuleFactory
{
    [ThreadStatic] static Device? device;
    [ThreadStatic] static ScalarType? dtype;
    [ThreadStatic] static Precision precision;
    [ThreadStatic] static Tensor? scratch;

    public static Device Device => device ?? CPU;
    public static ScalarType DType => dtype ?? ScalarType.Float32;

    /// <summary>The dtype of a linear layer's weight: bfloat16 with <see cref="Precision.Bf16"/>, else <see cref="DType"/>.</summary>
    public static ScalarType LinearWeightDType => precision == Precision.Bf16 ? ScalarType.BFloat16 : DType;

    /// <summary>Builds modules on <paramref name="buildDevice"/> in <paramref name="buildDtype"/> (linear weights as <paramref name="buildPrecision"/> says) until disposed.</summary>
    public static IDisposable Use(Device buildDevice, ScalarType buildDtype, Precision buildPrecision = Precision.Fp32)
    {
        var previous = (device, dtype, precision, scratch);
        (device, dtype, precision, scratch) = (buildDevice, buildDtype, buildPrecision, null);
        return new Restore(() =>
        {
            scratch?.Dispose();
            (device, dtype, precision, scratch) = previous;
        });
    }

    /// <summary>
    /// A buffer of <paramref name="elements"/> in <see cref="DType"/> on <see cref="Device"/>, reused by every call of the
    /// build scope and freed at its end: where a weight is drawn in float32 and kept in bfloat16, a fresh float32 tensor
    /// per layer left glibc's heap fragmented (blip-base built in bf16 took 1.34 GiB for its 0.81 GiB of weights).
    /// </summary>
    public static Tensor Scratch(long elements)
    {
        if (scratch is null || scratch.numel() < elements)
        {
            scratch?.Dispose();
            scratch = torch.empty(elements, DType, Device).DetachFromDisposeScope();
        }
        return scratch.narrow(0, 0, elements);
    }

    sealed class Restore(Action restore) : IDisposable
    {
        public void Dispose() => restore();
    }

    public static Tensor Empty(params long[] shape) => torch.empty(shape, DType, Device);
    public static Tensor Zeros(params long[] shape) => torch.zeros(shape, DType, Device);
    public static Tensor Ones(params long[] shape) => torch.ones(shape, DType, Device);
    public static Tensor Randn(params long[] shape) => torch.randn(shape, DType, Device);

    public static LayerNorm LayerNorm(long size, double eps) => nn.LayerNorm(size, eps, device: Device, dtype: DType);

    public static Embedding Embedding(long count, long width) => nn.Embedding(count, width, device: Device, dtype: DType);

    public static Conv2d PatchConv(long inChannels, long outChannels, long patch, bool bias) =>
        nn.Conv2d(inChannels, outChannels, patch, stride: patch, bias: bias, device: Device, dtype: DType);
}
