using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using MedPeft.IO;
using MedPeft.Models;
using MedPeft.Models.Configs;
using TorchSharp;
using static TorchSharp.torch;

namespace MedPeft.Tests.Training;

/// <summary>
/// Tiny trainable model folders with tokenizers: a BLIP whose WordPiece vocabulary is the words of a
/// dataset, and a LLaVA using the test SentencePiece model. Weights are drawn from a fixed seed.
/// </summary>
public static class TinyModelFolders
{
    public static string Blip(string directory, string datasetDirectory)
    {
        var words = Directory.GetFiles(datasetDirectory, "*.jsonl").SelectMany(File.ReadLines)
            .Concat(File.Exists(Path.Combine(datasetDirectory, "annotation.json")) ? new[] { File.ReadAllText(Path.Combine(datasetDirectory, "annotation.json")) } : [])
            .SelectMany(line => Regex.Matches(line.ToLowerInvariant(), @"[a-z0-9]+|[^a-z0-9\s""]").Select(m => m.Value))
            .Distinct().OrderBy(w => w, StringComparer.Ordinal).ToList();
        var vocab = new List<string> { "[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]", "[DEC]" };
        vocab.AddRange(words.Where(w => !vocab.Contains(w)));
        Directory.CreateDirectory(directory);
        File.WriteAllLines(Path.Combine(directory, "vocab.txt"), vocab);
        var config = $$$"""
            {"model_type": "blip", "architectures": ["BlipForQuestionAnswering"],
             "vision_config": {"hidden_size": 32, "intermediate_size": 64, "num_hidden_layers": 2, "num_attention_heads": 4, "image_size": 64, "patch_size": 16},
             "text_config": {"vocab_size": {{{vocab.Count}}}, "hidden_size": 32, "encoder_hidden_size": 32, "intermediate_size": 64, "num_hidden_layers": 2,
                             "num_attention_heads": 4, "max_position_embeddings": 160, "bos_token_id": 5, "sep_token_id": 3, "pad_token_id": 0}}
            """;
        return Write(directory, config);
    }

    public static string Llava(string directory)
    {
        Directory.CreateDirectory(directory);
        File.Copy(TestData.Path("Text", "tokenizer.model"), Path.Combine(directory, "tokenizer.model"));
        const string config = """
            {"model_type": "llava", "architectures": ["LlavaForConditionalGeneration"], "image_token_index": 420,
             "vision_feature_layer": -2, "vision_feature_select_strategy": "default",
             "vision_config": {"model_type": "clip_vision_model", "hidden_size": 32, "intermediate_size": 64, "num_hidden_layers": 2, "num_attention_heads": 4, "image_size": 64, "patch_size": 16},
             "text_config": {"model_type": "llama", "vocab_size": 421, "hidden_size": 32, "intermediate_size": 64, "num_hidden_layers": 2,
                             "num_attention_heads": 4, "num_key_value_heads": 2, "max_position_embeddings": 512, "pad_token_id": 0}}
            """;
        return Write(directory, config);
    }

    static string Write(string directory, string config)
    {
        File.WriteAllText(Path.Combine(directory, "config.json"), config);
        torch.manual_seed(7);
        using var model = HfModelLoader.Build(new ConfigObject((JsonObject)JsonNode.Parse(config)!, "tiny config"));
        SafeTensorsWriter.Save(Path.Combine(directory, "model.safetensors"), model.Module.named_parameters().ToDictionary(p => p.name, p => (Tensor)p.parameter));
        return directory;
    }
}
