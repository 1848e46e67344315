using TorchSharp;
using static TorchSharp.torch;

namespace MedPeft.Nn;

/// <summary>
/// y = x Wᵀ + b for float32 activations and a frozen bfloat16 weight (<see cref="Precision.Bf16"/>), with a float32
/// result. The product runs in bfloat16 where the processor has bfloat16 instructions, else in float32 on a float32
/// copy of this one weight, made again for the backward pass instead of kept (<see cref="Bf16Products"/>). The
/// autograd node keeps only the weight: a frozen weight needs no input for its gradient. The bias stays float32.
/// <para>The float32 copies are written into one buffer per thread, as large as the largest weight (or slice, at most
/// <see cref="SliceBytes"/>) widened so far, not
/// allocated per call: fresh allocations of every layer's weight size, twice per layer and step, left glibc's heap
/// fragmented (its mmap threshold rises to the largest block freed), and blip-base <c>ln</c> then peaked at 2.61 GiB
/// against 2.24 GiB in float32; 1.95 GiB with a fixed threshold.</para>
/// </summary>
internal static class Bf16Linear
{
    [ThreadStatic] static Tensor? widened;

    public static Tensor Apply(Tensor input, Tensor weight, Tensor? bias)
    {
        if (weight.requires_grad && torch.is_grad_enabled()) throw new InvalidOperationException("a bfloat16 weight that trains is promoted to a float32 master weight first.");
        using var scope = NewDisposeScope();
        var rows = input.reshape(-1, input.shape[^1]);
        var product = torch.is_grad_enabled() && input.requires_grad ? Bf16LinearFunction.apply(rows, weight) : Forward(rows, weight);
        var shape = input.shape.ToArray();
        shape[^1] = weight.shape[0];
        var output = product.reshape(shape);
        if (bias is not null) output = output + bias;
        return output.MoveToOuterDisposeScope();
    }

    /// <summary>
    /// A weight whose float32 copy would be larger than this (16 MiB) is widened and multiplied a slice at a time, each slice
    /// a block of the product's output features: the reused buffer then holds at most this much, not a copy of the largest
    /// weight (BLIP's 94 MiB vocabulary head, LLaVA-Med's 500 MiB one). Each output column of a product is its own dot
    /// product, so the slices give what the whole product gives.
    /// </summary>
    internal const long SliceBytes = 16L << 20;

    /// <summary>rows [M, K] times the bfloat16 weight [N, K] transposed, in the rows' dtype.</summary>
    internal static Tensor Forward(Tensor rows, Tensor weight)
    {
        using var noGrad = torch.no_grad();
        using var scope = NewDisposeScope();
        var output = InBf16(weight)
            ? nn.functional.linear(rows.to_type(ScalarType.BFloat16), weight).to_type(rows.dtype)
            // Slices of the weight's rows: the product's output features.
            : Sliced(weight, 0, rows, (input, slice) => OneDnnLinear.Apply(input, slice, null));
        return output.MoveToOuterDisposeScope();
    }

    /// <summary>The input gradient: grad [M, N] times the bfloat16 weight [N, K], in the gradient's dtype.</summary>
    internal static Tensor InputGrad(Tensor grad, Tensor weight)
    {
        using var noGrad = torch.no_grad();
        using var scope = NewDisposeScope();
        var output = InBf16(weight)
            ? torch.matmul(grad.to_type(ScalarType.BFloat16), weight).to_type(grad.dtype)
            // Slices of the weight's columns: this product's output features.
            : Sliced(weight, 1, grad, OneDnnLinear.InputGrad);
        return output.MoveToOuterDisposeScope();
    }

    /// <summary>
    /// <paramref name="product"/> of <paramref name="input"/> [M, ·] and the widened weight, whose <paramref name="dimension"/>
    /// indexes the result's columns: in one piece for a weight of at most <see cref="SliceBytes"/> in float32, else slice by
    /// slice of that dimension into the result's columns.
    /// </summary>
    static Tensor Sliced(Tensor weight, int dimension, Tensor input, Func<Tensor, Tensor, Tensor> product)
    {
        long length = weight.shape[dimension], step = SliceLength(length, weight.shape[1 - dimension]);
        if (step >= length) return product(input, Widened(weight));
        var output = torch.empty(input.shape[0], length, input.dtype, input.device);
        for (long start = 0; start < length; start += step)
        {
            using var slice = NewDisposeScope();
            long size = Math.Min(step, length - start);
            output.narrow(1, start, size).copy_(product(input, Widened(weight.narrow(dimension, start, size))));
        }
        return output;
    }

    /// <summary>
    /// Output features per slice of a weight with <paramref name="length"/> of them, each <paramref name="width"/> elements:
    /// all of them when the float32 copy fits in <see cref="SliceBytes"/>, else as many as fit, a multiple of 64 (at least 64)
    /// so that each slice stays on the kernel the whole product's shape takes (<see cref="OneDnnLinear.Fit"/>).
    /// </summary>
    internal static long SliceLength(long length, long width)
    {
        if (length * width * sizeof(float) <= SliceBytes) return length;
        return Math.Max(64, SliceBytes / (width * sizeof(float)) / 64 * 64);
    }

    /// <summary>Bytes the widening buffer grows to when the largest weight widened has <paramref name="largest"/> elements (for the memory plan).</summary>
    internal static long WideningBytes(long largest) => Math.Min(largest * sizeof(float), SliceBytes);

    // The weight (or a slice of it, contiguous or not) in float32, in this thread's buffer: valid until the next call on this
    // thread (products run synchronously).
    static Tensor Widened(Tensor weight)
    {
        long elements = weight.numel();
        if (widened is null || widened.numel() < elements)
        {
            widened?.Dispose();
            widened = torch.empty(elements, ScalarType.Float32).DetachFromDisposeScope();
        }
        return widened.narrow(0, 0, elements).view(weight.shape).copy_(weight);
    }

    // Off the CPU (a CUDA build) the device's bfloat16 products are used.
    static bool InBf16(Tensor weight) => weight.device_type != DeviceType.CPU || Bf16Products.InBf16;
}
