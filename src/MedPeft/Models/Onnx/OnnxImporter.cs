using System.Diagnostics;
using System.Text.Json;
using MedPeft.IO;
using MedPeft.Models.Bert;
using MedPeft.Models.ResNet;
using MedPeft.Models.Weights;
using TorchSharp;
using static TorchSharp.torch;

namespace MedPeft.Models.Onnx;

/// <summary>One file of an imported model folder.</summary>
internal sealed record ImportedFile(string Name, long Bytes);

/// <summary>What an import wrote: the folder, the ONNX source, the module's size and the files.</summary>
internal sealed record OnnxImportResult(string Directory, string Source, string Architecture, long Parameters, IReadOnlyList<ImportedFile> Files, TimeSpan Elapsed);

/// <summary>
/// Turns pretrained ONNX models into model folders this library loads: <c>config.json</c>,
/// <c>model.safetensors</c> with the module's parameter (and buffer) names, and what the model's
/// inputs need (<c>preprocessor.safetensors</c> for ResNet, <c>vocab.txt</c> for MiniLM). The folder
/// appears complete or not at all. Every weight's name and shape is checked against the module
/// built from the written config before anything is written.
/// </summary>
internal static class OnnxImporter
{
    /// <summary>
    /// Imports a ResNet of BasicBlocks (by default the ResNet18 of <see cref="BuiltInOnnxModels.ResNet18Package"/>)
    /// as a <see cref="ResNetEncoder"/> folder, with the preprocessing its weights expect.
    /// </summary>
    /// <param name="onnxPath">The model's ONNX file; null for the built-in ResNet18.</param>
    /// <param name="preprocessOnnxPath">The preprocessing ONNX file (RGB → BGR minus mean image); null for the built-in one.</param>
    public static OnnxImportResult ImportResNet(string outDirectory, string? onnxPath = null, string? preprocessOnnxPath = null)
    {
        var clock = Stopwatch.StartNew();
        AtomicDirectory.EnsureAvailable(outDirectory);
        var graph = onnxPath is null ? BuiltInOnnxModels.ResNet18() : OnnxGraph.Load(onnxPath);
        using var weights = ResNetOnnxMapping.Read(graph);
        var preprocessGraph = preprocessOnnxPath is null ? BuiltInOnnxModels.ResNetPreprocess() : OnnxGraph.Load(preprocessOnnxPath);
        var preprocessing = ResNetPreprocessOnnxMapping.Read(preprocessGraph);
        using var mean = preprocessing.MeanImage;
        if (preprocessing.ImageSize != weights.Config.ImageSize)
            throw new MedPeftException($"{preprocessGraph.Source}: its mean image is {preprocessing.ImageSize}x{preprocessing.ImageSize} but {graph.Source} takes {weights.Config.ImageSize}x{weights.Config.ImageSize} images.");
        long parameters;
        using (var module = new ResNetEncoder(weights.Config))
            parameters = CheckNamesAndShapes(module, weights.Tensors, graph.Source);
        var directory = Write(outDirectory, graph, weights.Tensors, folder =>
        {
            weights.Config.Save(Path.Combine(folder, "config.json"));
            preprocessing.Save(folder);
        });
        return Result(directory, graph, nameof(ResNetEncoder), parameters, clock);
    }

    /// <summary>
    /// Imports a BERT encoder (by default all-MiniLM-L6-v2 of <see cref="BuiltInOnnxModels.MiniLmPackage"/>)
    /// as an HF <c>BertModel</c> folder with its WordPiece vocabulary.
    /// </summary>
    /// <param name="onnxPath">The model's ONNX file; null for the built-in MiniLM.</param>
    /// <param name="vocabPath">Its <c>vocab.txt</c>; null for the built-in MiniLM vocabulary.</param>
    public static OnnxImportResult ImportBert(string outDirectory, string? onnxPath = null, string? vocabPath = null)
    {
        var clock = Stopwatch.StartNew();
        AtomicDirectory.EnsureAvailable(outDirectory);
        var graph = onnxPath is null ? BuiltInOnnxModels.MiniLm() : OnnxGraph.Load(onnxPath);
        using var weights = BertOnnxMapping.Read(graph, out var configJson);
        var vocab = ReadVocab(vocabPath);
        var vocabSource = vocabPath ?? "the built-in MiniLM vocab.txt";
        long tokens = vocab.AsSpan().Count((byte)'\n') + (vocab.Length > 0 && vocab[^1] != '\n' ? 1 : 0);
        if (tokens != weights.Config.VocabSize)
            throw new MedPeftException($"{vocabSource}: has {tokens} tokens but the word embeddings of {graph.Source} have {weights.Config.VocabSize} rows.");
        long parameters;
        using (var module = new BertModel(weights.Config, addPoolingLayer: weights.Tensors.ContainsKey("pooler.dense.weight")))
            parameters = CheckNamesAndShapes(module, weights.Tensors, graph.Source);
        var directory = Write(outDirectory, graph, weights.Tensors, folder =>
        {
            AtomicFile.WriteAllText(Path.Combine(folder, "config.json"), configJson.ToJsonString(new JsonSerializerOptions { WriteIndented = true }) + "\n");
            AtomicFile.Write(Path.Combine(folder, "vocab.txt"), stream => stream.Write(vocab));
        });
        return Result(directory, graph, "BertModel", parameters, clock);
    }

    static byte[] ReadVocab(string? path)
    {
        if (path is null)
        {
            using var stream = BuiltInOnnxModels.OpenMiniLmVocab();
            using var copy = new MemoryStream();
            stream.CopyTo(copy);
            return copy.ToArray();
        }
        if (!File.Exists(path)) throw new MedPeftException($"{path}: file not found (expected a WordPiece vocab.txt, one token a line).");
        return File.ReadAllBytes(path);
    }

    /// <summary>Every parameter and buffer of the module must be among the tensors with its shape, and nothing else; returns the parameter count.</summary>
    static long CheckNamesAndShapes(nn.Module module, IReadOnlyDictionary<string, Tensor> tensors, string source)
    {
        var expected = module.state_dict();
        foreach (var (name, tensor) in expected)
        {
            if (!tensors.TryGetValue(name, out var found))
                throw new MedPeftException($"{source}: the graph yields no weight for '{name}' [{string.Join(", ", tensor.shape)}] of the module built from the inferred config.");
            if (!found.shape.SequenceEqual(tensor.shape))
                throw new MedPeftException($"{source}: the weight for '{name}' has shape [{string.Join(", ", found.shape)}], the module expects [{string.Join(", ", tensor.shape)}].");
        }
        var extra = tensors.Keys.FirstOrDefault(name => !expected.ContainsKey(name));
        if (extra is not null) throw new MedPeftException($"{source}: the weight mapped to '{extra}' has no place in the module built from the inferred config.");
        return module.parameters().Sum(p => p.numel());
    }

    static string Write(string outDirectory, OnnxGraph graph, IReadOnlyDictionary<string, Tensor> tensors, Action<string> writeRest)
    {
        var metadata = new Dictionary<string, string> { ["format"] = "pt", ["source"] = Path.GetFileName(graph.Source), ["producer"] = graph.Producer };
        AtomicDirectory.Create(outDirectory, folder =>
        {
            SafeTensorsWriter.Save(Path.Combine(folder, CheckpointReader.SingleFile), tensors, metadata);
            writeRest(folder);
        });
        return Path.GetFullPath(outDirectory);
    }

    static OnnxImportResult Result(string directory, OnnxGraph graph, string architecture, long parameters, Stopwatch clock) =>
        new(directory, graph.Source, architecture, parameters,
            new DirectoryInfo(directory).GetFiles().OrderBy(f => f.Name, StringComparer.Ordinal).Select(f => new ImportedFile(f.Name, f.Length)).ToList(),
            clock.Elapsed);
}
