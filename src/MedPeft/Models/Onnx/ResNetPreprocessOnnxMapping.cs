using MedPeft.Models.ResNet;

namespace MedPeft.Models.Onnx;

/// <summary>
/// Reads ML.NET's <c>ResNetPreprocess.onnx</c> by following its graph: Split of the RGB input into
/// three channels, Concat in reverse order (BGR), Sub of a mean image.
/// </summary>
internal static class ResNetPreprocessOnnxMapping
{
    public static ResNetPreprocessing Read(OnnxGraph graph)
    {
        if (graph.Inputs.Count != 1) throw new MedPeftException($"{graph.Source}: expected one image input, found {graph.Inputs.Count}.");
        var input = graph.Inputs[0];
        var shape = graph.InputShape(input);
        if (shape is not [_, 3, var height, var width] || height != width || height <= 0)
            throw new MedPeftException($"{graph.Source}: input '{input.Name}' has shape [{string.Join(", ", shape)}]; expected [N, 3, size, size].");

        var split = graph.Consumer(input.Name, "Split");
        if ((graph.Int(split, "axis") ?? 0) != 1 || split.Output.Count != 3)
            throw graph.Error(split, "expected a split of the channel axis into three");
        var concat = graph.Consumer(split.Output[0], "Concat");
        if ((graph.Int(concat, "axis") ?? 0) != 1 || !concat.Input.SequenceEqual(split.Output.Reverse()))
            throw graph.Error(concat, "expected the three channels concatenated in reverse order (RGB → BGR)");
        var sub = graph.Consumer(concat.Output[0], "Sub");
        if (sub.Input[0] != concat.Output[0]) throw graph.Error(sub, "expected the mean image subtracted from the BGR image");
        if (!graph.OutputNames.Contains(sub.Output[0])) throw graph.Error(sub, "expected its result to be the graph's output");

        using var mean = graph.Weight(sub, 1, 1, 3, height, height);
        graph.CheckEveryWeightUsed();
        graph.CheckEveryNodeMatched();
        return new ResNetPreprocessing(mean.squeeze(0));
    }
}
