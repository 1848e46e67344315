using MedPeft.Models.ResNet;
using Onnx;
using TorchSharp;
using static TorchSharp.torch;

namespace MedPeft.Models.Onnx;

/// <summary>
/// Reads a ResNet of BasicBlocks (e.g. ML.NET's CNTK-converted ResNet18.onnx) into
/// <see cref="ResNetEncoder"/> parameter names by walking the graph from its input: stem
/// (Conv, BatchNormalization, Relu, MaxPool), then blocks (Conv-BN-Relu-Conv-BN, Add with the input or
/// a 1x1 Conv-BN shortcut, Relu) until the global average pool. Stages are where the stride or width
/// changes. Initializer names play no part.
/// </summary>
/// <remarks>
/// CNTK pads stride-2 convolutions and the max pool asymmetrically (k/2 before, k/2 - 1 after).
/// On an even input size this gives the same windows as torchvision's symmetric k/2 padding (the
/// extra trailing pad is never reached), and with an image size divisible by 32 every stride-2
/// layer sees an even size; both paddings are accepted on that condition.
/// </remarks>
internal static class ResNetOnnxMapping
{
    sealed record Block(int InChannels, int Channels, int Stride, Dictionary<string, Tensor> Tensors);

    public static ImportedWeights<ResNetConfig> Read(OnnxGraph graph)
    {
        var tensors = new Dictionary<string, Tensor>(StringComparer.Ordinal);
        try
        {
            var config = Walk(graph, tensors);
            graph.CheckEveryWeightUsed();
            graph.CheckEveryNodeMatched();
            return new ImportedWeights<ResNetConfig>(config, tensors);
        }
        catch
        {
            foreach (var tensor in tensors.Values) tensor.Dispose();
            throw;
        }
    }

    static ResNetConfig Walk(OnnxGraph graph, Dictionary<string, Tensor> tensors)
    {
        if (graph.Inputs.Count != 1) throw new MedPeftException($"{graph.Source}: expected one image input, found {graph.Inputs.Count}.");
        var input = graph.Inputs[0];
        var shape = graph.InputShape(input);
        if (shape.Length != 4 || shape[1] <= 0 || shape[2] != shape[3] || shape[2] <= 0)
            throw new MedPeftException($"{graph.Source}: input '{input.Name}' has shape [{string.Join(", ", shape)}]; expected [N, channels, size, size].");
        int channelsIn = (int)shape[1], imageSize = (int)shape[2];
        if (imageSize % 32 != 0)
            throw new MedPeftException($"{graph.Source}: input size {imageSize} is not a multiple of 32, which this encoder needs.");

        var eps = new List<double>();
        var conv1 = graph.Consumer(input.Name, "Conv");
        var stem = Conv(graph, conv1, 7, 2, channelsIn, -1, tensors, "conv1.weight");
        string x = BatchNorm(graph, conv1, stem, "bn1.", tensors, eps);
        x = graph.Consumer(x, "Relu").Output[0];
        var pool = graph.Consumer(x, "MaxPool");
        CheckWindow(graph, pool, 3, 2);
        x = pool.Output[0];

        var blocks = new List<Block>();
        int channels = stem;
        while (!graph.ConsumersOf(x).Any(n => n.OpType is "GlobalAveragePool" or "AveragePool"))
        {
            var (next, block) = ReadBlock(graph, x, channels, eps);
            blocks.Add(block);
            (x, channels) = (next, block.Channels);
        }
        var avg = graph.Visit(graph.ConsumersOf(x).Single(n => n.OpType is "GlobalAveragePool" or "AveragePool"));
        if (avg.OpType == "AveragePool")
        {
            // ML.NET's graph pools with a fixed 7x7 window, which covers the whole grid only at the trained size.
            var kernel = graph.Ints(avg, "kernel_shape");
            if (kernel is null || kernel.Any(k => k != imageSize / 32) || (graph.Ints(avg, "pads") ?? Array.Empty<long>()).Any(p => p != 0))
                throw graph.Error(avg, $"expected an average over the whole {imageSize / 32}x{imageSize / 32} grid");
        }
        if (!graph.OutputNames.Contains(avg.Output[0]))
            throw graph.Error(avg, "the pooled features are not the graph's output; expected an encoder without a classifier");

        var config = Stages(graph, blocks, tensors, stem, channelsIn, imageSize, eps);
        return config;
    }

    static ResNetConfig Stages(OnnxGraph graph, List<Block> blocks, Dictionary<string, Tensor> tensors, int stem, int channelsIn, int imageSize, List<double> eps)
    {
        var depths = new List<int>();
        var widths = new List<int>();
        foreach (var block in blocks)
        {
            bool newStage = depths.Count == 0 || block.Stride != 1 || block.Channels != widths[^1];
            if (newStage)
            {
                int expectedStride = depths.Count == 0 ? 1 : 2;
                if (block.Stride != expectedStride)
                    throw new MedPeftException($"{graph.Source}: stage {depths.Count + 1} starts with stride {block.Stride}; torchvision's layout has stride {expectedStride} there.");
                depths.Add(0);
                widths.Add(block.Channels);
            }
            string prefix = $"layer{depths.Count}.{depths[^1]}.";
            foreach (var (name, tensor) in block.Tensors) tensors[prefix + name] = tensor;
            depths[^1]++;
        }
        if (eps.Distinct().Count() != 1)
            throw new MedPeftException($"{graph.Source}: BatchNormalization epsilons differ ({string.Join(", ", eps.Distinct())}); expected one value.");
        // ONNX keeps no batch count; torchvision checkpoints carry the buffer, so it is written as 0.
        foreach (var name in tensors.Keys.Where(n => n.EndsWith(".running_var", StringComparison.Ordinal)).ToList())
            tensors[name[..^"running_var".Length] + "num_batches_tracked"] = torch.tensor(0L);
        return new ResNetConfig(depths, widths, stem, channelsIn, imageSize, eps[0]).Validated(graph.Source);
    }

    /// <summary>Reads one BasicBlock starting at value <paramref name="x"/>; returns the block's output value.</summary>
    static (string Output, Block Block) ReadBlock(OnnxGraph graph, string x, int inChannels, List<double> eps)
    {
        var tensors = new Dictionary<string, Tensor>(StringComparer.Ordinal);
        var convs = graph.ConsumersOf(x, "Conv");
        var shortcutConv = convs.Count == 2 ? convs.FirstOrDefault(c => graph.Ints(c, "kernel_shape") is [1, 1]) : null;
        var mainConv = convs.Count switch
        {
            1 => convs[0],
            2 when shortcutConv is not null => convs.Single(c => c != shortcutConv),
            _ => throw new MedPeftException(
                $"{graph.Source}: '{x}' feeds [{string.Join(", ", graph.ConsumersOf(x).Select(n => n.OpType))}]; expected a residual block (one 3x3 Conv, and a 1x1 Conv shortcut when it downsamples)."),
        };
        graph.Visit(mainConv);
        int stride = (int)(graph.Ints(mainConv, "strides")?.FirstOrDefault() ?? 1);
        int channels = Conv(graph, mainConv, 3, stride, inChannels, -1, tensors, "conv1.weight");
        string h = BatchNorm(graph, mainConv, channels, "bn1.", tensors, eps);
        h = graph.Consumer(h, "Relu").Output[0];
        var conv2 = graph.Consumer(h, "Conv");
        Conv(graph, conv2, 3, 1, channels, channels, tensors, "conv2.weight");
        h = BatchNorm(graph, conv2, channels, "bn2.", tensors, eps);
        var add = graph.Consumer(h, "Add");
        string shortcut = graph.OtherInput(add, h);
        if (shortcutConv is not null)
        {
            graph.Visit(shortcutConv);
            Conv(graph, shortcutConv, 1, stride, inChannels, channels, tensors, "downsample.0.weight");
            string projected = BatchNorm(graph, shortcutConv, channels, "downsample.1.", tensors, eps);
            if (shortcut != projected) throw graph.Error(add, "the residual Add does not take the block's 1x1 shortcut");
        }
        else
        {
            if (shortcut != x) throw graph.Error(add, "the residual Add does not take the block's input");
            if (stride != 1 || channels != inChannels)
                throw graph.Error(mainConv, $"the block changes stride ({stride}) or width ({inChannels} → {channels}) but has no 1x1 shortcut");
        }
        var relu = graph.Consumer(add.Output[0], "Relu");
        return (relu.Output[0], new Block(inChannels, channels, stride, tensors));
    }

    /// <summary>Checks a bias-free square convolution and stores its weight; returns its output channels.</summary>
    static int Conv(OnnxGraph graph, NodeProto conv, int kernel, int stride, int inChannels, int outChannels, Dictionary<string, Tensor> tensors, string name)
    {
        if (conv.Input.Count != 2) throw graph.Error(conv, "expected a convolution without bias (the BatchNorm after it has the shift)");
        if ((graph.Int(conv, "group") ?? 1) != 1 || (graph.Ints(conv, "dilations") ?? Array.Empty<long>()).Any(d => d != 1))
            throw graph.Error(conv, "expected an ungrouped convolution without dilation");
        CheckWindow(graph, conv, kernel, stride);
        var weight = graph.Weight(conv, 1, outChannels, inChannels, kernel, kernel);
        tensors[name] = weight;
        return (int)weight.shape[0];
    }

    /// <summary>Checks kernel, stride and padding of a Conv or MaxPool node (see the remarks on CNTK padding).</summary>
    static void CheckWindow(OnnxGraph graph, NodeProto node, int kernel, int stride)
    {
        var kernelShape = graph.Ints(node, "kernel_shape");
        var strides = graph.Ints(node, "strides") ?? new long[] { 1, 1 };
        if (kernelShape is null || kernelShape.Any(k => k != kernel) || strides.Any(s => s != stride))
            throw graph.Error(node, $"kernel [{string.Join(",", kernelShape ?? Array.Empty<long>())}] stride [{string.Join(",", strides)}]; expected kernel {kernel}x{kernel}, stride {stride}");
        string autoPad = graph.String(node, "auto_pad") ?? "NOTSET";
        if (autoPad != "NOTSET") throw graph.Error(node, $"auto_pad is {autoPad}; expected explicit pads");
        var pads = graph.Ints(node, "pads") ?? new long[4];
        long half = kernel / 2;
        bool symmetric = pads.Length == 4 && pads.All(p => p == half);
        bool cntk = stride == 2 && pads is [var t, var l, var b, var r] && t == half && l == half && b == half - 1 && r == half - 1;
        if (!symmetric && !cntk)
            throw graph.Error(node, $"pads [{string.Join(",", pads)}]; expected {half} on every side (or {half} before and {half - 1} after with stride 2)");
    }

    /// <summary>Stores a BatchNormalization's scale, shift and running statistics under <paramref name="prefix"/>; returns its output.</summary>
    static string BatchNorm(OnnxGraph graph, NodeProto producer, int channels, string prefix, Dictionary<string, Tensor> tensors, List<double> eps)
    {
        var bn = graph.Consumer(producer.Output[0], "BatchNormalization");
        if (bn.Input.Count != 5 || bn.Output.Count != 1 || bn.Input[0] != producer.Output[0])
            throw graph.Error(bn, "expected inference-mode BatchNormalization (input, scale, B, mean, var; one output)");
        if ((graph.Int(bn, "spatial") ?? 1) != 1) throw graph.Error(bn, "expected spatial (per-channel) BatchNormalization");
        eps.Add(OnnxGraph.AsWritten(graph.Float(bn, "epsilon") ?? 1e-5));
        tensors[prefix + "weight"] = graph.Weight(bn, 1, channels);
        tensors[prefix + "bias"] = graph.Weight(bn, 2, channels);
        tensors[prefix + "running_mean"] = graph.Weight(bn, 3, channels);
        tensors[prefix + "running_var"] = graph.Weight(bn, 4, channels);
        return bn.Output[0];
    }
}
