using MedPeft.Cli;
using MedPeft.Models;
using MedPeft.Models.Bert;
using MedPeft.Models.Configs;
using MedPeft.Models.Onnx;
using MedPeft.Models.Weights;
using Microsoft.ML.Tokenizers;
using TorchSharp;
using Xunit.Abstractions;
using static TorchSharp.torch;

namespace MedPeft.Tests.Models.Onnx;

/// <summary>The shipped all-MiniLM-L6-v2, imported once through the CLI and loaded back as a <see cref="BertModel"/>.</summary>
public sealed class ImportedMiniLm : IDisposable
{
    readonly string root = Directory.CreateTempSubdirectory("medpeft-minilm-").FullName;
    public string Folder => Path.Combine(root, "minilm");
    public string CliOutput { get; }
    internal BertConfig Config { get; }
    internal BertModel Model { get; }
    internal BertTokenizer Tokenizer { get; }
    public OrtReference Reference { get; }

    public ImportedMiniLm()
    {
        var output = new StringWriter();
        var error = new StringWriter();
        int code = CliApp.Run(new[] { "import", "onnx", "--model", "minilm", "--out", Folder }, output, error);
        if (code != ExitCodes.Success) throw new InvalidOperationException($"import exited with {code}: {error}");
        CliOutput = output.ToString();
        Config = BertConfig.BertFrom(ConfigObject.Load(Path.Combine(Folder, "config.json")));
        Model = new BertModel(Config, addPoolingLayer: true);
        new WeightLoader().Load(Model, CheckpointReader.Open(Folder));
        Model.eval();
        Tokenizer = BertTokenizer.Create(Path.Combine(Folder, "vocab.txt"));
        using var onnx = BuiltInOnnxModels.OpenMiniLm();
        using var bytes = new MemoryStream();
        onnx.CopyTo(bytes);
        Reference = new OrtReference(bytes.ToArray());
    }

    /// <summary>Token ids ([CLS] ... [SEP]) and the attention mask, padded with 0 to the longest sentence.</summary>
    public (Tensor Ids, Tensor Mask) Encode(params string[] sentences)
    {
        var ids = sentences.Select(s => Tokenizer.EncodeToIds(s)).ToList();
        int length = ids.Max(i => i.Count);
        var padded = new long[sentences.Length, length];
        var mask = new long[sentences.Length, length];
        for (int b = 0; b < ids.Count; b++)
            for (int t = 0; t < ids[b].Count; t++) (padded[b, t], mask[b, t]) = (ids[b][t], 1);
        return (torch.tensor(padded), torch.tensor(mask));
    }

    public void Dispose()
    {
        Model.Dispose();
        Reference.Dispose();
        Directory.Delete(root, recursive: true);
    }
}

public class BertOnnxImportTests : IClassFixture<ImportedMiniLm>
{
    const double Tolerance = 1e-4;
    readonly ImportedMiniLm model;
    readonly ITestOutputHelper log;

    public BertOnnxImportTests(ImportedMiniLm model, ITestOutputHelper log) => (this.model, this.log) = (model, log);

    static readonly string[] Sentences =
    {
        "There is a small consolidation in the right lower lobe.",
        "No pneumothorax.",
        "The heart size is within normal limits and the lungs are clear without focal airspace disease.",
        "Is this a CT scan of the head?",
    };

    (Tensor Hidden, Tensor Pooled) Ours(Tensor ids, Tensor mask)
    {
        using var _ = torch.no_grad();
        var output = model.Model.Forward(ids, torch.zeros_like(ids), mask, null, null, false, null, OutputRequest.None);
        return (output.LastHiddenState, model.Model.Pool(output.LastHiddenState));
    }

    Dictionary<string, Tensor> OnnxRuntime(Tensor ids, Tensor mask) =>
        model.Reference.Run(new Dictionary<string, Tensor> { ["input_ids"] = ids, ["attention_mask"] = mask, ["token_type_ids"] = torch.zeros_like(ids) });

    static Tensor MeanPool(Tensor hidden, Tensor mask)
    {
        var weights = mask.unsqueeze(-1).to_type(hidden.dtype);
        return (hidden * weights).sum(1) / weights.sum(1);
    }

    [Fact]
    public void HiddenStatesPoolerAndMeanPooledEmbeddingsMatchOnnxRuntime()
    {
        using var scope = NewDisposeScope();
        var (ids, mask) = model.Encode(Sentences);
        Assert.Equal(101, ids[0, 0].item<long>()); // [CLS]
        var (hidden, pooled) = Ours(ids, mask);
        var reference = OnnxRuntime(ids, mask);
        Assert.Equal(new[] { "last_hidden_state", "924" }, model.Reference.OutputNames); // 924: the pooler's tanh output

        var real = mask.unsqueeze(-1).to_type(ScalarType.Bool);
        double hiddenError = (hidden - reference["last_hidden_state"]).abs().masked_select(real).max().item<float>();
        double pooledError = (pooled - reference["924"]).abs().max().item<float>();
        double meanError = (MeanPool(hidden, mask) - MeanPool(reference["last_hidden_state"], mask)).abs().max().item<float>();
        log.WriteLine($"max abs error: last hidden state {hiddenError:E2}, pooler {pooledError:E2}, mean-pooled {meanError:E2}");
        Assert.InRange(hiddenError, 0, Tolerance);
        Assert.InRange(pooledError, 0, Tolerance);
        Assert.InRange(meanError, 0, Tolerance);
    }

    [Fact]
    public void WeightsAreTrained_RelatedFindingsAreCloserThanGroceries()
    {
        using var scope = NewDisposeScope();
        string[] sentences = { "pneumonia in the left lung", "consolidation of the left lower lobe", "buy milk and eggs" };
        var (ids, mask) = model.Encode(sentences);
        var embeddings = nn.functional.normalize(MeanPool(Ours(ids, mask).Hidden, mask), dim: 1);
        double related = (embeddings[0] * embeddings[1]).sum().item<float>();
        double unrelated = (embeddings[0] * embeddings[2]).sum().item<float>();
        log.WriteLine($"cosine: related {related:F3}, unrelated {unrelated:F3}");
        // Random BERT weights give every pair of sentences a similar, high cosine.
        Assert.True(related > unrelated + 0.15 && unrelated < 0.2, $"related {related:F3}, unrelated {unrelated:F3}");
    }

    [Fact]
    public void ConfigInferredFromTheGraphIsAllMiniLmL6V2s()
    {
        // The published config.json of sentence-transformers/all-MiniLM-L6-v2.
        var c = model.Config;
        Assert.Equal((30522, 384, 6, 12, 1536), (c.VocabSize, c.HiddenSize, c.NumHiddenLayers, c.NumAttentionHeads, c.IntermediateSize));
        Assert.Equal((512, 2, 1e-12, "gelu"), (c.MaxPositionEmbeddings, c.TypeVocabSize, c.LayerNormEps, c.HiddenAct));
        Assert.Contains("BertModel, 22,713,216 parameters", model.CliOutput);
        Assert.Equal(30522, File.ReadLines(Path.Combine(model.Folder, "vocab.txt")).Count());
    }
}
