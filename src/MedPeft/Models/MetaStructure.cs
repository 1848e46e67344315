using MedPeft.Models.Bert;
using MedPeft.Models.Blip;
using MedPeft.Models.Clip;
using MedPeft.Models.Llama;
using MedPeft.Models.Llava;
using MedPeft.Models.ResNet;
using MedPeft.Nn;
using TorchSharp;
using static TorchSharp.torch;

namespace MedPeft.Models;

/// <summary>
/// A loaded model's structure built again on the meta device (shapes only, no memory), from the model's own config:
/// what a change to the model would allocate is tried there first, as the sizes an adapter file claims are.
/// </summary>
internal static class MetaStructure
{
    public static IHfModel Of(IHfModel model)
    {
        using (ModuleFactory.Use(META, ScalarType.Float32))
        {
            return model switch
            {
                BertModel bert => new BertModel(bert.Config, addPoolingLayer: bert.pooler is not null),
                ClipVisionModel clip => new ClipVisionModel(clip.Config),
                LlamaForCausalLM llama => new LlamaForCausalLM(llama.Config),
                LlavaForConditionalGeneration llava => new LlavaForConditionalGeneration(llava.Config),
                BlipForQuestionAnswering blip => new BlipForQuestionAnswering(blip.Config),
                ResNetEncoder resnet => new ResNetEncoder(resnet.Config),
                _ => throw new ArgumentException($"{model.Architecture} has no meta structure.", nameof(model)),
            };
        }
    }
}
