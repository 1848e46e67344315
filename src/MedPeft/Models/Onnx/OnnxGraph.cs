using System.Runtime.InteropServices;
using Google.Protobuf;
using Onnx;
using TorchSharp;
using static TorchSharp.torch;
using DataType = Onnx.TensorProto.Types.DataType;

namespace MedPeft.Models.Onnx;

/// <summary>
/// An ONNX model's graph, opened to read its weights by following the wiring: which node produces
/// a value, which nodes consume it, the initializers (weights) and constants a node takes, with
/// their shapes checked. Every failure is a <see cref="MedPeftException"/> naming the file and the node.
/// </summary>
internal sealed class OnnxGraph
{
    readonly GraphProto graph;
    readonly Dictionary<string, TensorProto> initializers;
    readonly Dictionary<string, NodeProto> producers = new(StringComparer.Ordinal);
    readonly Dictionary<string, List<NodeProto>> consumers = new(StringComparer.Ordinal);
    readonly HashSet<string> usedInitializers = new(StringComparer.Ordinal);
    readonly HashSet<NodeProto> visited = new(ReferenceEqualityComparer.Instance);

    /// <summary>The file (or resource) the graph was read from; every message starts with it.</summary>
    public string Source { get; }

    /// <summary>Producer and version as the file records them, e.g. "CNTK 2.6", "pytorch 1.10".</summary>
    public string Producer { get; }

    OnnxGraph(ModelProto model, string source)
    {
        Source = source;
        Producer = $"{model.ProducerName} {model.ProducerVersion}".Trim();
        graph = model.Graph;
        initializers = new Dictionary<string, TensorProto>(StringComparer.Ordinal);
        foreach (var initializer in graph.Initializer) initializers[initializer.Name] = initializer;
        foreach (var node in graph.Node)
        {
            foreach (var output in node.Output) producers[output] = node;
            foreach (var input in node.Input.Where(i => i.Length > 0))
            {
                if (!consumers.TryGetValue(input, out var list)) consumers[input] = list = new List<NodeProto>();
                list.Add(node);
            }
        }
    }

    public static OnnxGraph Load(string path)
    {
        if (!File.Exists(path)) throw new MedPeftException($"{path}: file not found (expected an ONNX model).");
        using var stream = File.OpenRead(path);
        return Load(stream, path);
    }

    /// <param name="source">How messages name the model (a path, or a package resource).</param>
    public static OnnxGraph Load(Stream stream, string source)
    {
        ModelProto model;
        try { model = ModelProto.Parser.ParseFrom(stream); }
        catch (InvalidProtocolBufferException e) { throw Corrupt(source, e.Message); }
        if (model.Graph is null || model.Graph.Node.Count == 0 || model.OpsetImport.Count == 0)
            throw Corrupt(source, "it has no graph nodes or no opset (truncated, or not an ONNX model)");
        return new OnnxGraph(model, source);
    }

    static MedPeftException Corrupt(string source, string what) =>
        new($"{source}: not a valid ONNX model file ({what}).");

    /// <summary>The graph inputs that are fed at run time (not initializers).</summary>
    public IReadOnlyList<ValueInfoProto> Inputs => graph.Input.Where(i => !initializers.ContainsKey(i.Name)).ToList();

    public IReadOnlyList<string> OutputNames => graph.Output.Select(o => o.Name).ToList();

    /// <summary>The shape of a graph input, with -1 where a dimension is symbolic.</summary>
    public long[] InputShape(ValueInfoProto input) =>
        input.Type?.TensorType?.Shape?.Dim.Select(d => d.ValueCase == TensorShapeProto.Types.Dimension.ValueOneofCase.DimValue ? d.DimValue : -1).ToArray()
        ?? throw new MedPeftException($"{Source}: graph input '{input.Name}' has no tensor shape.");

    public NodeProto? ProducerOf(string value) => producers.GetValueOrDefault(value);

    /// <summary>The nodes that take <paramref name="value"/> as an input, in graph order.</summary>
    public IReadOnlyList<NodeProto> ConsumersOf(string value) =>
        consumers.TryGetValue(value, out var list) ? list : Array.Empty<NodeProto>();

    public IReadOnlyList<NodeProto> ConsumersOf(string value, string opType) =>
        ConsumersOf(value).Where(n => n.OpType == opType).ToList();

    /// <summary>The one node of type <paramref name="opType"/> that consumes <paramref name="value"/>; marks it matched.</summary>
    public NodeProto Consumer(string value, string opType)
    {
        var found = ConsumersOf(value, opType);
        if (found.Count != 1)
        {
            var all = ConsumersOf(value);
            var context = ProducerOf(value) is { } producer ? $"the output '{value}' of {Describe(producer)}" : $"'{value}'";
            throw new MedPeftException(
                $"{Source}: {context} is consumed by [{string.Join(", ", all.Select(n => n.OpType))}]; expected exactly one {opType} node here (a graph of another architecture?).");
        }
        return Visit(found[0]);
    }

    /// <summary>Marks a node as matched by the mapping (see <see cref="CheckEveryNodeMatched"/>).</summary>
    public NodeProto Visit(NodeProto node)
    {
        visited.Add(node);
        return node;
    }

    /// <summary>The node's input other than <paramref name="value"/>, for a binary node such as Add or Mul.</summary>
    public string OtherInput(NodeProto node, string value)
    {
        if (node.Input.Count != 2 || !node.Input.Contains(value))
            throw Error(node, $"expected two inputs, one of them '{value}'; found [{string.Join(", ", node.Input)}]");
        return node.Input[0] == value ? node.Input[1] : node.Input[0];
    }

    public bool IsInitializer(string value) => initializers.ContainsKey(value);

    /// <summary>
    /// Reads input <paramref name="index"/> of <paramref name="node"/>, which must be an initializer of
    /// the given shape (a -1 in <paramref name="shape"/> accepts any size), as a float32 tensor.
    /// </summary>
    public Tensor Weight(NodeProto node, int index, params long[] shape)
    {
        if (index >= node.Input.Count) throw Error(node, $"expected a weight as input {index}; the node has {node.Input.Count} inputs");
        var name = node.Input[index];
        if (!initializers.TryGetValue(name, out var initializer))
            throw Error(node, $"input {index} ('{name}') is not an initializer; expected a stored weight (truncated file, or another architecture?)");
        var dims = initializer.Dims.ToArray();
        if (dims.Length != shape.Length || dims.Zip(shape).Any(p => p.Second >= 0 && p.First != p.Second))
            throw Error(node, $"weight '{name}' has shape [{string.Join(", ", dims)}], expected [{string.Join(", ", shape.Select(d => d < 0 ? "*" : d.ToString()))}]");
        usedInitializers.Add(name);
        return ToTensor(initializer, ScalarType.Float32);
    }

    /// <summary>Reads an initializer by name (a weight that no node input leads to directly, e.g. a position-id table).</summary>
    public Tensor Initializer(NodeProto owner, string name, ScalarType dtype)
    {
        if (!initializers.TryGetValue(name, out var initializer)) throw Error(owner, $"'{name}' is not an initializer");
        usedInitializers.Add(name);
        return ToTensor(initializer, dtype);
    }

    /// <summary>The values of a constant input (an initializer or a Constant node's output).</summary>
    public double[] ConstantValues(NodeProto node, int index)
    {
        var name = node.Input[index];
        TensorProto? tensor = initializers.GetValueOrDefault(name);
        if (tensor is null && ProducerOf(name) is { OpType: "Constant" } constant)
        {
            Visit(constant);
            tensor = constant.Attribute.FirstOrDefault(a => a.Name == "value")?.T;
            if (tensor is null)
            {
                var attribute = constant.Attribute.FirstOrDefault(a => a.Name is "value_float" or "value_floats" or "value_int" or "value_ints");
                if (attribute is not null) return AttributeNumbers(attribute);
            }
        }
        if (tensor is null) throw Error(node, $"input {index} ('{name}') is not a constant; expected a fixed value");
        usedInitializers.Add(name);
        using var values = ToTensor(tensor, ScalarType.Float64);
        return values.data<double>().ToArray();
    }

    /// <summary>The single value of a constant input.</summary>
    public double Scalar(NodeProto node, int index)
    {
        var values = ConstantValues(node, index);
        return values.Length == 1 ? values[0] : throw Error(node, $"input {index} ('{node.Input[index]}') holds {values.Length} values; expected one");
    }

    /// <summary>The decimal a float32 value was written as (1e-5f → 1e-5, not 9.99999974737875e-06).</summary>
    public static double AsWritten(double valueFromFloat) => (double)(decimal)(float)valueFromFloat;

    public long[]? Ints(NodeProto node, string attribute) => node.Attribute.FirstOrDefault(a => a.Name == attribute)?.Ints.ToArray();

    public long? Int(NodeProto node, string attribute) => node.Attribute.FirstOrDefault(a => a.Name == attribute)?.I;

    public double? Float(NodeProto node, string attribute) => node.Attribute.FirstOrDefault(a => a.Name == attribute)?.F;

    public string? String(NodeProto node, string attribute) => node.Attribute.FirstOrDefault(a => a.Name == attribute)?.S.ToStringUtf8();

    static double[] AttributeNumbers(AttributeProto a) => a.Name switch
    {
        "value_float" => new double[] { a.F },
        "value_floats" => a.Floats.Select(f => (double)f).ToArray(),
        "value_int" => new double[] { a.I },
        _ => a.Ints.Select(i => (double)i).ToArray(),
    };

    /// <summary>Fails when a float initializer was never read: the mapping did not account for every weight.</summary>
    public void CheckEveryWeightUsed()
    {
        var unused = graph.Initializer.FirstOrDefault(i => i.DataType == (int)DataType.Float && !usedInitializers.Contains(i.Name));
        if (unused is not null)
            throw new MedPeftException(
                $"{Source}: weight '{unused.Name}' [{string.Join(", ", unused.Dims)}] is not used by the structure the importer followed (a graph of another architecture?).");
    }

    /// <summary>Fails when a node was not matched: the graph computes something the module would not.</summary>
    public void CheckEveryNodeMatched()
    {
        var other = graph.Node.FirstOrDefault(n => !visited.Contains(n));
        if (other is not null)
            throw Error(other, "this node is not part of the structure the importer followed (a graph of another architecture?)");
    }

    public MedPeftException Error(NodeProto node, string what) => new($"{Source}: {Describe(node)}: {what}.");

    public static string Describe(NodeProto node) =>
        node.Name.Length > 0 ? $"node '{node.Name}' ({node.OpType})" : $"{node.OpType} node producing '{node.Output.FirstOrDefault()}'";

    Tensor ToTensor(TensorProto proto, ScalarType dtype)
    {
        if (proto.DataLocation == TensorProto.Types.DataLocation.External)
            throw new MedPeftException($"{Source}: tensor '{proto.Name}' is stored in an external file, which this importer does not read.");
        var dims = proto.Dims.ToArray();
        long count = dims.Aggregate(1L, (a, b) => a * b);
        var type = (DataType)proto.DataType;
        var (scalarType, size) = type switch
        {
            DataType.Float => (ScalarType.Float32, 4),
            DataType.Int64 => (ScalarType.Int64, 8),
            DataType.Double => (ScalarType.Float64, 8),
            DataType.Int32 => (ScalarType.Int32, 4),
            _ => throw new MedPeftException($"{Source}: tensor '{proto.Name}' has ONNX data type {type}; expected float, double, int32 or int64."),
        };
        var tensor = torch.empty(dims, scalarType);
        ReadOnlySpan<byte> data = !proto.RawData.IsEmpty ? proto.RawData.Span : type switch
        {
            DataType.Float => MemoryMarshal.AsBytes<float>(proto.FloatData.ToArray()),
            DataType.Int64 => MemoryMarshal.AsBytes<long>(proto.Int64Data.ToArray()),
            DataType.Double => MemoryMarshal.AsBytes<double>(proto.DoubleData.ToArray()),
            _ => MemoryMarshal.AsBytes<int>(proto.Int32Data.ToArray()),
        };
        if (data.Length != count * size)
        {
            tensor.Dispose();
            throw new MedPeftException(
                $"{Source}: tensor '{proto.Name}' [{string.Join(", ", dims)}] has {data.Length} data bytes, expected {count * size} (truncated or corrupted file).");
        }
        data.CopyTo(tensor.bytes);
        if (scalarType == dtype) return tensor;
        var converted = tensor.to_type(dtype);
        tensor.Dispose();
        return converted;
    }
}
