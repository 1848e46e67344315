using Onnx;
using static TorchSharp.torch;

namespace MedPeft.Models.Onnx;

/// <summary>A LayerNorm found in a graph: its affine weights, epsilon and output value.</summary>
internal sealed record LayerNormMatch(Tensor Weight, Tensor Bias, double Eps, string Output);

/// <summary>
/// Finds the LayerNorm applied to a value: the fused <c>LayerNormalization</c> op, or the
/// decomposition PyTorch exports before opset 17: ReduceMean, Sub, Pow 2, ReduceMean, Add eps,
/// Sqrt, Div, Mul weight, Add bias.
/// </summary>
internal static class LayerNormPattern
{
    public static LayerNormMatch Match(OnnxGraph graph, string x, long width)
    {
        if (graph.ConsumersOf(x, "LayerNormalization") is [var fused])
        {
            graph.Visit(fused);
            return new LayerNormMatch(graph.Weight(fused, 1, width), graph.Weight(fused, 2, width),
                OnnxGraph.AsWritten(graph.Float(fused, "epsilon") ?? 1e-5), fused.Output[0]);
        }
        var mean = graph.Consumer(x, "ReduceMean");
        CheckLastAxis(graph, mean);
        var centered = graph.Consumer(x, "Sub");
        if (centered.Input[0] != x || centered.Input[1] != mean.Output[0]) throw graph.Error(centered, "expected x - mean(x)");
        var square = graph.Consumer(centered.Output[0], "Pow");
        if (graph.Scalar(square, 1) != 2) throw graph.Error(square, "expected the square of x - mean(x)");
        var variance = graph.Consumer(square.Output[0], "ReduceMean");
        CheckLastAxis(graph, variance);
        var addEps = graph.Consumer(variance.Output[0], "Add");
        double eps = OnnxGraph.AsWritten(graph.Scalar(addEps, addEps.Input[0] == variance.Output[0] ? 1 : 0));
        var root = graph.Consumer(addEps.Output[0], "Sqrt");
        var divide = graph.Consumer(root.Output[0], "Div");
        if (divide.Input[0] != centered.Output[0]) throw graph.Error(divide, "expected (x - mean) / sqrt(variance + eps)");
        var scale = graph.Consumer(divide.Output[0], "Mul");
        var weight = graph.Weight(scale, scale.Input[0] == divide.Output[0] ? 1 : 0, width);
        var shift = graph.Consumer(scale.Output[0], "Add");
        var bias = graph.Weight(shift, shift.Input[0] == scale.Output[0] ? 1 : 0, width);
        return new LayerNormMatch(weight, bias, eps, shift.Output[0]);
    }

    static void CheckLastAxis(OnnxGraph graph, NodeProto reduce)
    {
        var axes = graph.Ints(reduce, "axes");
        if (axes is not [-1] && axes is not [2]) throw graph.Error(reduce, "expected a mean over the last (hidden) axis");
    }
}
