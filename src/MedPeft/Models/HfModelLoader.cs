using MedPeft.Models.Bert;
using MedPeft.Models.Blip;
using MedPeft.Models.Clip;
using MedPeft.Models.Configs;
using MedPeft.Models.Llama;
using MedPeft.Models.Llava;
using MedPeft.Models.Weights;
using MedPeft.Nn;
using TorchSharp;
using static TorchSharp.torch;

namespace MedPeft.Models;

/// <summary>
/// Where and in which precision a model is built: <paramref name="DType"/> for its tensors, except the linear layers'
/// weights in bfloat16 with <see cref="Precision.Bf16"/> (read from the checkpoint one tensor at a time, so no float32
/// copy of the model is ever made).
/// </summary>
internal sealed record ModelLoadOptions(Device Device, ScalarType DType, Precision Precision = Precision.Fp32)
{
    public static ModelLoadOptions Default => new(CPU, ScalarType.Float32);
}

/// <summary>
/// Builds a model from an HF checkpoint folder (<c>config.json</c> + safetensors weights), choosing
/// the class from <c>model_type</c>, and loads the weights by HF parameter name.
/// </summary>
internal static class HfModelLoader
{
    public const string ConfigFile = "config.json";

    static readonly string[] Supported = { "bert", "clip_vision_model", "llama", "mistral", "llava", "llava_mistral", "llava_llama", "blip" };

    public static IHfModel Load(string directory, ModelLoadOptions? options = null)
    {
        options ??= ModelLoadOptions.Default;
        var (build, checkpoint) = Open(directory);
        // Shapes first, on the meta device: a config.json whose sizes the weights do not have is refused
        // before a model of its sizes is allocated, so the weights file bounds what is.
        Structure(build, checkpoint).Dispose();
        return Prepared(build(options.DType, null, options.Precision), model =>
        {
            LoaderFor(model).Load(model.Module, checkpoint);
            model.Module.to(options.Device);
            model.Module.eval();
        });
    }

    /// <summary>
    /// The model of a checkpoint folder built on the "meta" device (shapes only, no memory) after
    /// checking the checkpoint's tensor names and shapes against it (headers only, no data read).
    /// </summary>
    public static IHfModel LoadStructure(string directory)
    {
        var (build, checkpoint) = Open(directory);
        return Structure(build, checkpoint);
    }

    /// <summary>
    /// How to build the model a folder's config describes, and its checkpoint. A folder in the
    /// original LLaVA code's layout is read as an HF LLaVA model (<see cref="LlavaOriginalFolder"/>).
    /// </summary>
    static (Func<ScalarType, Device?, Precision, IHfModel> Build, CheckpointReader Checkpoint) Open(string directory)
    {
        if (!Directory.Exists(directory)) throw new MedPeftException($"{directory}: model folder not found.");
        var config = ConfigObject.Load(Path.Combine(directory, ConfigFile));
        if (!LlavaOriginalConfig.Is(config))
            return ((dtype, device, precision) => Build(config, dtype, device, precision), CheckpointReader.Open(directory));
        var llava = LlavaOriginalFolder.Config(directory, config);
        var checkpoint = LlavaOriginalFolder.Checkpoint(directory, llava);
        return ((dtype, device, precision) => Construct(() => new LlavaForConditionalGeneration(llava), dtype, device, precision), checkpoint);
    }

    static IHfModel Structure(Func<ScalarType, Device?, Precision, IHfModel> build, CheckpointReader checkpoint) =>
        Prepared(build(ScalarType.Float32, torch.META, Precision.Fp32), model => LoaderFor(model).Match(model.Module, checkpoint));

    // A model whose weights do not fit is disposed before the error propagates.
    static IHfModel Prepared(IHfModel model, Action<IHfModel> prepare)
    {
        try
        {
            prepare(model);
            return model;
        }
        catch
        {
            model.Dispose();
            throw;
        }
    }

    /// <summary>Builds the model a config describes, with freshly initialised weights (none on the meta device).</summary>
    public static IHfModel Build(ConfigObject config, ScalarType dtype = ScalarType.Float32, Device? device = null, Precision precision = Precision.Fp32)
    {
        string type = config.OptionalString("model_type")
            ?? throw new MedPeftException($"{config.Source}: no 'model_type' field; expected one of {string.Join(", ", Supported)}.");
        if (LlavaOriginalConfig.Is(config))
            throw new MedPeftException($"{config.Source}: a '{type}' model (the original LLaVA code's layout) is built from its folder, which locates its vision tower.");
        return Construct(() => type switch
        {
            "bert" => new BertModel(BertConfig.BertFrom(config), addPoolingLayer: true),
            "clip_vision_model" => new ClipVisionModel(VisionTransformerConfig.ClipFrom(config)),
            "llama" or "mistral" => new LlamaForCausalLM(LlamaConfig.From(config)),
            "llava" => new LlavaForConditionalGeneration(LlavaConfig.From(config)),
            "blip" => BlipFor(config),
            _ => throw new MedPeftException($"{config.Source}: model_type '{type}' is not supported; expected one of {string.Join(", ", Supported)}."),
        }, dtype, device, precision);
    }

    static IHfModel Construct(Func<IHfModel> build, ScalarType dtype, Device? device, Precision precision)
    {
        // Here rather than at the tool's start: every command that runs LibTorch builds a model first, and
        // the commands that do not (score, data check, --help) then start without loading LibTorch.
        LibTorchLogging.Apply();
        using (ModuleFactory.Use(device ?? CPU, dtype, precision)) return build();
    }

    static IHfModel BlipFor(ConfigObject config)
    {
        var architecture = config.FirstOfList("architectures") ?? "BlipForQuestionAnswering";
        if (architecture != "BlipForQuestionAnswering")
            throw new MedPeftException($"{config.Source}: BLIP architecture '{architecture}' is not supported; expected 'BlipForQuestionAnswering'.");
        return new BlipForQuestionAnswering(BlipConfig.From(config));
    }

    static WeightLoader LoaderFor(IHfModel model) => model switch
    {
        LlamaForCausalLM { Config.TieWordEmbeddings: true } => new WeightLoader { Aliases = TiedHead(""), Buffers = true },
        LlavaForConditionalGeneration { Config.Text.TieWordEmbeddings: true } => new WeightLoader { Aliases = TiedHead("language_model."), Buffers = true },
        // HF writes BLIP's aliased decoder bias once, as cls.predictions.bias.
        BlipForQuestionAnswering => new WeightLoader
        {
            Aliases = new Dictionary<string, string> { ["text_decoder.cls.predictions.bias"] = "text_decoder.cls.predictions.decoder.bias" },
            Buffers = true,
        },
        // Buffers are BatchNorm statistics (ResNet image encoders); the transformers have none.
        _ => new WeightLoader { Buffers = true },
    };

    // A tied head's weight is the embedding; a checkpoint may still carry a copy under lm_head.
    static Dictionary<string, string> TiedHead(string prefix) => new() { [$"{prefix}model.embed_tokens.weight"] = $"{prefix}lm_head.weight" };
}
