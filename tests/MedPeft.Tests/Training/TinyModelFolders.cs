using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using MedPeft.IO;
using MedPeft.Models;
using MedPeft.Models.Configs;
using MedPeft.Models.Llava;
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

    /// <summary>
    /// <see cref="Llava"/>'s model in the original LLaVA layout (<c>llava_llama</c>, the image as -200, pad
    /// preprocessing) in <c>model/</c>, its vision tower as a CLIPVisionModel folder in <c>tower/</c>.
    /// </summary>
    public static (string Model, string Tower) LlavaOriginal(string directory)
    {
        var hf = Llava(Path.Combine(directory, "hf"));
        var weights = SafeTensorsFile.Open(Path.Combine(hf, "model.safetensors")).ReadAll();
        string model = Path.Combine(directory, "model"), tower = Path.Combine(directory, "tower");
        Directory.CreateDirectory(model);
        Directory.CreateDirectory(tower);
        File.WriteAllText(Path.Combine(tower, "config.json"), """
            {"model_type": "clip_vision_model", "hidden_size": 32, "intermediate_size": 64, "num_hidden_layers": 2, "num_attention_heads": 4, "image_size": 64, "patch_size": 16}
            """);
        File.WriteAllText(Path.Combine(tower, "preprocessor_config.json"), """
            {"image_processor_type": "CLIPImageProcessor", "size": {"shortest_edge": 64}, "crop_size": {"height": 64, "width": 64}, "do_center_crop": true}
            """);
        SafeTensorsWriter.Save(Path.Combine(tower, "model.safetensors"),
            weights.Where(kv => kv.Key.StartsWith("vision_tower.", StringComparison.Ordinal)).ToDictionary(kv => kv.Key["vision_tower.".Length..], kv => kv.Value));
        File.WriteAllText(Path.Combine(model, "config.json"), """
            {"model_type": "llava_llama", "architectures": ["LlavaLlamaForCausalLM"], "vocab_size": 421, "hidden_size": 32, "intermediate_size": 64,
             "num_hidden_layers": 2, "num_attention_heads": 4, "num_key_value_heads": 2, "max_position_embeddings": 512, "pad_token_id": 0,
             "mm_vision_tower": "openai/clip-vit-large-patch14-336", "mm_hidden_size": 32, "mm_projector_type": "mlp2x_gelu",
             "mm_vision_select_layer": -2, "mm_vision_select_feature": "patch", "mm_use_im_start_end": false, "image_aspect_ratio": "pad"}
            """);
        SafeTensorsWriter.Save(Path.Combine(model, "model.safetensors"),
            weights.Where(kv => !kv.Key.StartsWith("vision_tower.", StringComparison.Ordinal)).ToDictionary(kv => LlavaOriginalNames.ToOriginal(kv.Key, 2), kv => kv.Value));
        File.Copy(TestData.Path("Text", "tokenizer.model"), Path.Combine(model, "tokenizer.model"));
        return (model, tower);
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
