using System.Text.Json.Nodes;
using MedPeft.Models.Configs;
using Onnx;
using TorchSharp;
using static TorchSharp.torch;

namespace MedPeft.Models.Onnx;

/// <summary>
/// Reads a BERT encoder exported from PyTorch (e.g. all-MiniLM-L6-v2's model.onnx) into HF
/// <c>BertModel</c> parameter names by following the graph from <c>input_ids</c>: the embedding
/// Gathers and their LayerNorm, then per layer the three projections (told apart by where they
/// flow: query and key into the score MatMul, value into the one after the Softmax), the output
/// projection, the residual LayerNorms and the feed-forward block, then the pooler. Sizes (layers,
/// heads, widths, vocabulary, positions, epsilon, activation) come from the graph too.
/// </summary>
/// <remarks>
/// MatMul weights are stored [in, out] and are transposed to HF's Linear layout [out, in]. The
/// exported graph masks padding with -10000 where <see cref="Bert.BertModel"/> uses the dtype's
/// minimum; both give padded keys a zero attention weight.
/// </remarks>
internal static class BertOnnxMapping
{
    const string InputIds = "input_ids", TokenTypeIds = "token_type_ids";

    public static ImportedWeights<BertConfig> Read(OnnxGraph graph, out JsonObject configJson)
    {
        var tensors = new Dictionary<string, Tensor>(StringComparer.Ordinal);
        try
        {
            configJson = Walk(graph, tensors);
            graph.CheckEveryWeightUsed();
            var config = BertConfig.BertFrom(new ConfigObject(configJson, $"{graph.Source} (inferred config)"));
            return new ImportedWeights<BertConfig>(config, tensors);
        }
        catch
        {
            foreach (var tensor in tensors.Values) tensor.Dispose();
            throw;
        }
    }

    static JsonObject Walk(OnnxGraph graph, Dictionary<string, Tensor> tensors)
    {
        if (!graph.Inputs.Any(i => i.Name == InputIds))
            throw new MedPeftException($"{graph.Source}: no graph input '{InputIds}'; inputs are [{string.Join(", ", graph.Inputs.Select(i => i.Name))}].");
        var (h, vocab, positions, types, embeddingEps) = Embeddings(graph, tensors);
        long width = tensors["embeddings.word_embeddings.weight"].shape[1];
        int layers = 0;
        (long Heads, long Intermediate, double Eps)? sizes = null;
        while (graph.ConsumersOf(h, "MatMul").Count > 0)
        {
            var (next, heads, intermediate, eps) = Layer(graph, h, width, $"encoder.layer.{layers}.", tensors);
            if (sizes is { } s && (s.Heads != heads || s.Intermediate != intermediate || s.Eps != eps))
                throw new MedPeftException($"{graph.Source}: layer {layers} differs in heads, intermediate size or epsilon from layer 0.");
            sizes = (heads, intermediate, eps);
            (h, layers) = (next, layers + 1);
        }
        if (sizes is not { } found) throw new MedPeftException($"{graph.Source}: no transformer layer follows the embeddings.");
        if (found.Eps != embeddingEps)
            throw new MedPeftException($"{graph.Source}: the embedding LayerNorm's epsilon ({embeddingEps}) differs from the layers' ({found.Eps}).");
        if (!graph.OutputNames.Contains(h))
            throw new MedPeftException($"{graph.Source}: the last layer's output '{h}' is not a graph output; expected the last hidden state.");
        Pooler(graph, h, width, tensors);

        return new JsonObject
        {
            ["architectures"] = new JsonArray("BertModel"),
            ["model_type"] = "bert",
            ["vocab_size"] = (int)vocab,
            ["hidden_size"] = (int)width,
            ["num_hidden_layers"] = layers,
            ["num_attention_heads"] = (int)found.Heads,
            ["intermediate_size"] = (int)found.Intermediate,
            ["hidden_act"] = "gelu",
            ["max_position_embeddings"] = (int)positions,
            ["type_vocab_size"] = (int)types,
            ["layer_norm_eps"] = found.Eps,
            ["position_embedding_type"] = "absolute",
            ["pad_token_id"] = 0,
        };
    }

    /// <summary>word + token type + position embeddings, then LayerNorm; returns its output, the table sizes and the epsilon.</summary>
    static (string Output, long Vocab, long Positions, long Types, double Eps) Embeddings(OnnxGraph graph, Dictionary<string, Tensor> tensors)
    {
        var word = graph.Consumer(InputIds, "Gather");
        if (word.Input[1] != InputIds || (graph.Int(word, "axis") ?? 0) != 0) throw graph.Error(word, "expected a lookup of input_ids in the word embedding table");
        var table = graph.Weight(word, 0, -1, -1);
        tensors["embeddings.word_embeddings.weight"] = table;
        long width = table.shape[1];
        long positions = 0, types = 0;
        string sum = word.Output[0];
        while (graph.ConsumersOf(sum) is [{ OpType: "Add" } add] && graph.ProducerOf(graph.OtherInput(add, sum)) is { OpType: "Gather" } lookup && graph.IsInitializer(lookup.Input[0]))
        {
            graph.Visit(add);
            graph.Visit(lookup);
            var weights = graph.Weight(lookup, 0, -1, width);
            if (lookup.Input[1] == TokenTypeIds)
            {
                tensors["embeddings.token_type_embeddings.weight"] = weights;
                types = weights.shape[0];
            }
            else
            {
                CheckPositionIds(graph, lookup, weights.shape[0]);
                tensors["embeddings.position_embeddings.weight"] = weights;
                positions = weights.shape[0];
            }
            sum = add.Output[0];
        }
        if (positions == 0) throw new MedPeftException($"{graph.Source}: no position embedding lookup is added to the word embeddings.");
        var norm = LayerNormPattern.Match(graph, sum, width);
        tensors["embeddings.LayerNorm.weight"] = norm.Weight;
        tensors["embeddings.LayerNorm.bias"] = norm.Bias;
        return (norm.Output, table.shape[0], positions, types, norm.Eps);
    }

    /// <summary>Positions must be 0, 1, 2, ...: a Slice from 0 of a stored arange table.</summary>
    static void CheckPositionIds(OnnxGraph graph, NodeProto lookup, long rows)
    {
        var slice = graph.ProducerOf(lookup.Input[1]);
        if (slice is not { OpType: "Slice" } || !graph.IsInitializer(slice.Input[0]) || graph.ConstantValues(slice, 1) is not [0])
            throw graph.Error(lookup, "expected position ids sliced from position 0 of a stored table");
        graph.Visit(slice);
        using var ids = graph.Initializer(slice, slice.Input[0], ScalarType.Int64);
        using var expected = torch.arange(ids.shape[^1]).reshape(ids.shape);
        if (!ids.eq(expected).all().item<bool>() || ids.shape[^1] > rows)
            throw graph.Error(slice, $"the stored position ids are not 0..{ids.shape[^1] - 1} within the {rows}-row table");
    }

    static (string Output, long Heads, long Intermediate, double Eps) Layer(OnnxGraph graph, string h, long width, string prefix, Dictionary<string, Tensor> tensors)
    {
        var projections = graph.ConsumersOf(h, "MatMul");
        if (projections.Count != 3) throw new MedPeftException($"{graph.Source}: '{h}' feeds {projections.Count} MatMul nodes; expected query, key and value.");
        NodeProto? scores = null, context = null;
        long heads = 0, headDim = 0;
        foreach (var projection in projections)
        {
            var (output, weight, bias) = Linear(graph, projection, width, width);
            var (target, index, perms, shape) = FollowToMatMul(graph, output);
            bool isValue = graph.ProducerOf(target.Input[0]) is { OpType: "Softmax" };
            string role = isValue ? "value" : index == 0 ? "query" : "key";
            long[] expectedPerm = role == "key" ? new long[] { 0, 2, 3, 1 } : new long[] { 0, 2, 1, 3 };
            if (perms.Count != 1 || !perms[0].SequenceEqual(expectedPerm) || (isValue && index != 1) || shape is not [_, _, > 0, > 0])
                throw graph.Error(projection, $"its {role} path does not split heads as BERT does (Reshape to [B, S, heads, d], Transpose {string.Join(",", expectedPerm)})");
            if (tensors.ContainsKey($"{prefix}attention.self.{role}.weight")) throw graph.Error(projection, $"a second {role} projection");
            tensors[$"{prefix}attention.self.{role}.weight"] = weight;
            tensors[$"{prefix}attention.self.{role}.bias"] = bias;
            (heads, headDim) = (shape[2], shape[3]);
            if (isValue) context = target; else scores = target;
        }
        if (scores is null || context is null || heads * headDim != width)
            throw new MedPeftException($"{graph.Source}: the projections of '{h}' do not form BERT attention with heads x head size = {width}.");
        CheckScores(graph, scores, context, headDim);

        var (merged, _, _, _) = FollowToMatMul(graph, context.Output[0]);
        var (attended, outWeight, outBias) = Linear(graph, merged, width, width);
        tensors[$"{prefix}attention.output.dense.weight"] = outWeight;
        tensors[$"{prefix}attention.output.dense.bias"] = outBias;
        var norm1 = ResidualNorm(graph, attended, h, width);
        tensors[$"{prefix}attention.output.LayerNorm.weight"] = norm1.Weight;
        tensors[$"{prefix}attention.output.LayerNorm.bias"] = norm1.Bias;

        var up = graph.Consumer(norm1.Output, "MatMul");
        var (expanded, upWeight, upBias) = Linear(graph, up, width, -1);
        long intermediate = upWeight.shape[0];
        tensors[$"{prefix}intermediate.dense.weight"] = upWeight;
        tensors[$"{prefix}intermediate.dense.bias"] = upBias;
        var activated = Gelu(graph, expanded);
        var down = graph.Consumer(activated, "MatMul");
        var (projected, downWeight, downBias) = Linear(graph, down, intermediate, width);
        tensors[$"{prefix}output.dense.weight"] = downWeight;
        tensors[$"{prefix}output.dense.bias"] = downBias;
        var norm2 = ResidualNorm(graph, projected, norm1.Output, width);
        tensors[$"{prefix}output.LayerNorm.weight"] = norm2.Weight;
        tensors[$"{prefix}output.LayerNorm.bias"] = norm2.Bias;
        if (norm1.Eps != norm2.Eps) throw new MedPeftException($"{graph.Source}: the two LayerNorms of '{prefix}' have different epsilons.");
        return (norm2.Output, heads, intermediate, norm2.Eps);
    }

    /// <summary>MatMul by a stored [in, out] matrix, then Add of a stored bias; returns the output and the HF-layout [out, in] weight.</summary>
    static (string Output, Tensor Weight, Tensor Bias) Linear(OnnxGraph graph, NodeProto matmul, long inFeatures, long outFeatures)
    {
        graph.Visit(matmul);
        using var stored = graph.Weight(matmul, 1, inFeatures, outFeatures);
        var addBias = graph.Consumer(matmul.Output[0], "Add");
        var bias = graph.Weight(addBias, addBias.Input[0] == matmul.Output[0] ? 1 : 0, stored.shape[1]);
        return (addBias.Output[0], stored.t().contiguous(), bias);
    }

    /// <summary>
    /// Follows a value through Reshape and Transpose nodes (ignoring the Shape nodes that compute the
    /// reshape targets) to the MatMul it feeds; returns it, the input index, the permutations and the last reshape target.
    /// </summary>
    static (NodeProto MatMul, int Index, List<long[]> Perms, long[] Shape) FollowToMatMul(OnnxGraph graph, string value)
    {
        var perms = new List<long[]>();
        long[] shape = Array.Empty<long>();
        while (true)
        {
            var next = graph.ConsumersOf(value).Where(n => n.OpType != "Shape").ToList();
            if (next.Count != 1)
                throw new MedPeftException($"{graph.Source}: '{value}' feeds [{string.Join(", ", next.Select(n => n.OpType))}]; expected one Reshape, Transpose or MatMul.");
            var node = graph.Visit(next[0]);
            switch (node.OpType)
            {
                case "MatMul": return (node, node.Input.IndexOf(value), perms, shape);
                case "Transpose": perms.Add(graph.Ints(node, "perm") ?? Array.Empty<long>()); break;
                case "Reshape": shape = ReshapeTarget(graph, node); break;
                default: throw graph.Error(node, "expected Reshape, Transpose or MatMul between an attention projection and its product");
            }
            value = node.Output[0];
        }
    }

    /// <summary>The target shape of a Reshape, with -1 for parts computed at run time (batch and sequence length).</summary>
    static long[] ReshapeTarget(OnnxGraph graph, NodeProto reshape)
    {
        if (graph.IsInitializer(reshape.Input[1])) return graph.ConstantValues(reshape, 1).Select(v => (long)v).ToArray();
        var concat = graph.ProducerOf(reshape.Input[1]);
        if (concat is not { OpType: "Concat" }) throw graph.Error(reshape, "expected its target shape from a Concat of sizes");
        graph.Visit(concat);
        return concat.Input.Select((_, i) =>
            graph.IsInitializer(concat.Input[i]) || graph.ProducerOf(concat.Input[i]) is { OpType: "Constant" }
                ? graph.ConstantValues(concat, i) is [var v] ? (long)v : -1
                : -1).ToArray();
    }

    /// <summary>scores / √d (+ mask) → Softmax over keys → the context MatMul.</summary>
    static void CheckScores(OnnxGraph graph, NodeProto scores, NodeProto context, long headDim)
    {
        var scale = graph.ConsumersOf(scores.Output[0]) is [var only] ? graph.Visit(only) : throw graph.Error(scores, "expected one scaling node after the scores");
        double factor = scale.OpType switch
        {
            "Div" when scale.Input[0] == scores.Output[0] => graph.Scalar(scale, 1),
            "Mul" => 1 / graph.Scalar(scale, scale.Input[0] == scores.Output[0] ? 1 : 0),
            _ => throw graph.Error(scale, "expected the scores divided by √(head size)"),
        };
        if (Math.Abs(factor - Math.Sqrt(headDim)) > 1e-4 * Math.Sqrt(headDim))
            throw graph.Error(scale, $"scores are scaled by 1/{factor}; BERT scales by 1/√{headDim}");
        string value = scale.Output[0];
        if (graph.ConsumersOf(value) is [{ OpType: "Add" } mask])
            value = graph.Visit(mask).Output[0];
        var softmax = graph.Consumer(value, "Softmax");
        if ((graph.Int(softmax, "axis") ?? -1) is not (-1 or 3)) throw graph.Error(softmax, "expected a softmax over the keys (last axis)");
        if (context.Input[0] != softmax.Output[0]) throw graph.Error(context, "expected the attention probabilities times the values");
    }

    /// <summary>Add of the sublayer output and the residual, then LayerNorm.</summary>
    static LayerNormMatch ResidualNorm(OnnxGraph graph, string sublayer, string residual, long width)
    {
        var add = graph.Consumer(sublayer, "Add");
        if (graph.OtherInput(add, sublayer) != residual) throw graph.Error(add, $"expected the residual '{residual}' added");
        return LayerNormPattern.Match(graph, add.Output[0], width);
    }

    /// <summary>Exact GELU: the Gelu op, or x · (1 + erf(x / √2)) · 0.5 as PyTorch exports it.</summary>
    static string Gelu(OnnxGraph graph, string x)
    {
        if (graph.ConsumersOf(x, "Gelu") is [var fused] && (graph.String(fused, "approximate") ?? "none") == "none")
            return graph.Visit(fused).Output[0];
        var divide = graph.Consumer(x, "Div");
        if (divide.Input[0] != x || Math.Abs(graph.Scalar(divide, 1) - Math.Sqrt(2)) > 1e-6)
            throw graph.Error(divide, "expected x / √2 of the exact (erf) GELU");
        var erf = graph.Consumer(divide.Output[0], "Erf");
        var plusOne = graph.Consumer(erf.Output[0], "Add");
        if (graph.Scalar(plusOne, plusOne.Input[0] == erf.Output[0] ? 1 : 0) != 1) throw graph.Error(plusOne, "expected 1 + erf(x / √2)");
        var times = graph.Consumer(plusOne.Output[0], "Mul");
        if (graph.OtherInput(times, plusOne.Output[0]) != x) throw graph.Error(times, "expected x · (1 + erf(x / √2))");
        var half = graph.Consumer(times.Output[0], "Mul");
        if (graph.Scalar(half, half.Input[0] == times.Output[0] ? 1 : 0) != 0.5) throw graph.Error(half, "expected the GELU's factor 0.5");
        return half.Output[0];
    }

    /// <summary>The optional pooler: the first token, a dense layer (Gemm) and tanh, a graph output.</summary>
    static void Pooler(OnnxGraph graph, string h, long width, Dictionary<string, Tensor> tensors)
    {
        if (graph.ConsumersOf(h, "Gather") is not [var first]) return;
        graph.Visit(first);
        if ((graph.Int(first, "axis") ?? 0) != 1 || graph.Scalar(first, 1) != 0) throw graph.Error(first, "expected the pooler's pick of the first token");
        var gemm = graph.Consumer(first.Output[0], "Gemm");
        if ((graph.Int(gemm, "transB") ?? 0) != 1 || (graph.Int(gemm, "transA") ?? 0) != 0 || (graph.Float(gemm, "alpha") ?? 1) != 1 || (graph.Float(gemm, "beta") ?? 1) != 1)
            throw graph.Error(gemm, "expected x · Wᵀ + b with W stored [out, in]");
        tensors["pooler.dense.weight"] = graph.Weight(gemm, 1, width, width);
        tensors["pooler.dense.bias"] = graph.Weight(gemm, 2, width);
        var tanh = graph.Consumer(gemm.Output[0], "Tanh");
        if (!graph.OutputNames.Contains(tanh.Output[0])) throw graph.Error(tanh, "expected the pooled output to be a graph output");
    }
}
