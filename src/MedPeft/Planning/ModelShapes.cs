using MedPeft.Data.Batching;
using MedPeft.Data.Datasets;
using MedPeft.Models;
using MedPeft.Models.Blip;
using MedPeft.Models.Configs;
using MedPeft.Models.Llama;
using MedPeft.Models.Llava;
using MedPeft.Models.ResNet;

namespace MedPeft.Planning;

/// <summary>
/// A model's layers in forward order as <see cref="LayerStack"/>s, from its configuration and the run's
/// sequence lengths: the shapes the activation and FLOP estimates are computed from.
/// </summary>
internal static class ModelShapes
{
    /// <summary>Text tokens a LLaVA or LLaMA training batch is padded to at most (LLaVA's prompt and answer).</summary>
    public const int DefaultTextTokens = LlavaTextOptions.DefaultMaxLength;

    public static IReadOnlyList<LayerStack> Of(IHfModel model, PlanRequest request) => model switch
    {
        BlipForQuestionAnswering blip => Blip(blip.Config, request),
        LlavaForConditionalGeneration llava => Llava(llava, request),
        LlamaForCausalLM llama => [Llama(llama.Config, request.TextTokens ?? DefaultTextTokens, "llm")],
        _ => throw new MedPeftException($"{model.Architecture}: the planner knows the layers of BLIP VQA, LLaVA and LLaMA/Mistral models only."),
    };

    static IReadOnlyList<LayerStack> Blip(BlipConfig config, PlanRequest request)
    {
        var text = BlipTextOptions.For(request.Task);
        long question = request.TextTokens ?? text.QuestionMaxLength, answer = request.AnswerTokens ?? text.AnswerMaxLength;
        var t = config.Text;
        var stacks = new List<LayerStack>();
        long imageTokens;
        if (config.Vision is { } vit)
        {
            var sized = request.ImageSize is int side ? vit with { ImageSize = side } : vit;
            imageTokens = sized.SequenceLength;
            stacks.Add(new LayerStack("vision", LayerKind.Transformer, vit.NumHiddenLayers, vit.HiddenSize, vit.IntermediateSize, vit.NumAttentionHeads, imageTokens));
        }
        else
        {
            var resnet = config.ResNetVision!;
            var sized = request.ImageSize is int side ? resnet with { ImageSize = side } : resnet;
            stacks.AddRange(ResNet(sized));
            imageTokens = (long)sized.GridSize * sized.GridSize;
        }
        stacks.Add(new LayerStack("text-encoder", LayerKind.Transformer, t.NumHiddenLayers, t.HiddenSize, t.IntermediateSize, t.NumAttentionHeads, question, imageTokens));
        stacks.Add(new LayerStack("decoder", LayerKind.Transformer, t.NumHiddenLayers, t.HiddenSize, t.IntermediateSize, t.NumAttentionHeads, answer, question, t.VocabSize));
        return stacks;
    }

    // The stem works on a (side / 2)² map; stage i on a (side / 2^(i+2))² one: the stem's max-pool halves the side again,
    // each later stage too.
    static IEnumerable<LayerStack> ResNet(ResNetConfig config)
    {
        long stem = config.ImageSize / 2;
        return config.Depths.Select((blocks, i) =>
        {
            long side = config.ImageSize >> (i + 2);
            return new LayerStack("vision", LayerKind.ConvolutionStage, blocks, config.HiddenSizes[i], 0, 0, side * side);
        }).Prepend(new LayerStack("vision", LayerKind.ConvolutionStem, 1, config.EmbeddingSize, 0, 0, stem * stem));
    }

    static IReadOnlyList<LayerStack> Llava(LlavaForConditionalGeneration llava, PlanRequest request)
    {
        var config = llava.Config;
        var vision = request.ImageSize is int side ? config.Vision with { ImageSize = side } : config.Vision;
        // The tower runs up to the layer whose hidden state is taken; the layers after it do not run.
        int used = config.VisionFeatureLayer < 0 ? vision.NumHiddenLayers + 1 + config.VisionFeatureLayer : config.VisionFeatureLayer;
        long imageTokens = vision.NumPatches + (config.VisionFeatureSelectStrategy == "full" ? 1 : 0);
        return
        [
            new LayerStack("vision", LayerKind.Transformer, used, vision.HiddenSize, vision.IntermediateSize, vision.NumAttentionHeads, vision.SequenceLength),
            new LayerStack("projector", LayerKind.Projector, 1, config.Text.HiddenSize, 0, 0, imageTokens),
            // The image placeholder token becomes the image's rows.
            Llama(config.Text, imageTokens + (request.TextTokens ?? DefaultTextTokens) - 1, "llm"),
        ];
    }

    static LayerStack Llama(LlamaConfig c, long tokens, string component) =>
        new(component, LayerKind.GatedTransformer, c.NumHiddenLayers, c.HiddenSize, c.IntermediateSize, c.NumAttentionHeads, tokens, 0, c.VocabSize);
}
