using System.Runtime.InteropServices;
using TorchSharp;
using static TorchSharp.torch;

namespace MedPeft.Nn;

/// <summary>
/// y = x Wᵀ + b on the CPU, through oneDNN's inner-product primitives where they pay off, else
/// through LibTorch's <c>linear</c> (a BLAS GEMM).
/// <para>Why: LibTorch's CPU build sends a float32 <c>linear</c> to MKL, and MKL runs its AVX2
/// kernels on AMD processors. oneDNN, also inside LibTorch, picks its kernels by instruction set and
/// runs AVX-512 ones there: on an AVX-512 2-vCPU EPYC the forward, input-gradient and
/// weight-gradient products of a transformer layer (788 x 768 x 3072) ran 1.3-2x faster (290 against
/// 150 GFLOP/s). Where that is not so (no AVX-512, or MKL using AVX-512 itself) every product stays with
/// BLAS: <see cref="LinearKernelChoice"/> decides per processor. Results agree with the BLAS path to float32 rounding (tests hold both against a
/// float64 computation).</para>
/// <para>Only output widths that are multiples of 64 and input widths that are multiples of 16 take
/// it (every projection of the supported models does): with this LibTorch's oneDNN (3.7.1) the forward
/// and input-gradient products came out wrong for output widths such as 72, 100 or 1000.</para>
/// <para>oneDNN reorders the weight into its blocked layout on every call, a transient copy as large
/// as the weight, so a product with few rows (where that copy costs as much as the product) or with a
/// very large weight (a vocabulary projection) stays with BLAS.</para>
/// </summary>
internal static class OneDnnLinear
{
    /// <summary>Fewer rows than this (e.g. one token per sequence while generating) go to BLAS.</summary>
    public const long MinRows = 64;

    /// <summary>Weights with more elements than this (64 MB in float32) go to BLAS.</summary>
    public const long MaxWeightElements = 1L << 24;

    const long OutputMultiple = 64, InputMultiple = 16;

    static readonly Lazy<bool> Available = new(Probe);

    [ThreadStatic] static LinearKernel? overridden;

    /// <summary>Runs this thread's products on <paramref name="kernel"/> until disposed, whatever this processor's
    /// choice is (for checks that need one GEMM implementation, and for tests of each path).</summary>
    internal static IDisposable Use(LinearKernel kernel)
    {
        var previous = overridden;
        overridden = kernel;
        return new Restore(previous);
    }

    sealed class Restore(LinearKernel? previous) : IDisposable
    {
        bool done;

        public void Dispose()
        {
            if (done) return;
            done = true;
            overridden = previous;
        }
    }

    public static Tensor Apply(Tensor input, Tensor weight, Tensor? bias)
    {
        if (!Routes(input, weight, bias)) return nn.functional.linear(input, weight, bias);
        using var scope = NewDisposeScope();
        var rows = input.reshape(-1, input.shape[^1]);
        var output = torch.is_grad_enabled() && (input.requires_grad || weight.requires_grad || (bias?.requires_grad ?? false))
            ? OneDnnLinearFunction.apply(rows, weight, bias!)
            : OneDnnKernels.Forward(rows, weight, bias);
        var shape = input.shape.ToArray();
        shape[^1] = weight.shape[0];
        return output.reshape(shape).MoveToOuterDisposeScope();
    }

    /// <summary>grad [M, N] times weight [N, K] (the input gradient of <see cref="Apply"/>) on the kernel <see cref="Apply"/> chooses for them.</summary>
    public static Tensor InputGrad(Tensor grad, Tensor weight) =>
        Routes(grad, weight, null) ? OneDnnKernels.InputGrad(grad, weight) : torch.matmul(grad, weight);

    /// <summary>Whether <see cref="Apply"/> takes the oneDNN path for these operands: the kernel chosen for this
    /// processor (<see cref="LinearKernelChoice"/>) is oneDNN and they <see cref="Fit"/>.</summary>
    public static bool Routes(Tensor input, Tensor weight, Tensor? bias) =>
        (overridden ?? LinearKernelChoice.Current) == LinearKernel.OneDnn && Fit(input, weight, bias) && Available.Value;

    /// <summary>Whether oneDNN may take these operands at all (device, type, layout, shape).</summary>
    public static bool Fit(Tensor input, Tensor weight, Tensor? bias) =>
        input.device_type == DeviceType.CPU && weight.device_type == DeviceType.CPU
        && input.dtype == ScalarType.Float32 && weight.dtype == ScalarType.Float32
        && (bias is null || bias.dtype == ScalarType.Float32)
        && weight.is_contiguous()
        && weight.shape[0] % OutputMultiple == 0 && weight.shape[1] % InputMultiple == 0
        && input.numel() / Math.Max(1, input.shape[^1]) >= MinRows
        && weight.numel() <= MaxWeightElements;

    // A LibTorch built without oneDNN (some platforms) reports it on the first call instead of crashing later.
    static bool Probe()
    {
        try
        {
            using var scope = NewDisposeScope();
            using var noGrad = torch.no_grad();
            OneDnnKernels.Forward(torch.ones(2, 2), torch.ones(2, 2), null);
            return true;
        }
        catch (ExternalException)
        {
            return false;
        }
    }
}
