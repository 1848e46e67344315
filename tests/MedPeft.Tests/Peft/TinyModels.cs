using MedPeft.IO;
using MedPeft.Models;
using MedPeft.Models.Blip;
using MedPeft.Models.Llama;
using MedPeft.Models.Llava;
using TorchSharp;
using static TorchSharp.torch;

namespace MedPeft.Tests.Peft;

/// <summary>The fixture BLIP, LLaVA and LLaMA models with their fixture inputs: a loss and logits to train and compare.</summary>
internal sealed class TinyModel
{
    public required IHfModel Model { get; init; }
    public required Func<Tensor> Loss { get; init; }
    public required Func<Tensor> Logits { get; init; }

    public static TinyModel Load(string family) => family switch
    {
        "blip" => Blip(),
        "llava" => Llava(),
        "llama" => Llama(),
        _ => throw new ArgumentOutOfRangeException(nameof(family)),
    };

    static TinyModel Blip()
    {
        var model = (BlipForQuestionAnswering)HfModelLoader.Load(TestData.HfCase("blip_vqa"));
        var inputs = SafeTensorsFile.Open(Path.Combine(TestData.HfCase("blip_vqa"), "inputs.safetensors")).ReadAll();
        BlipVqaOutput Run() => model.Forward(inputs["pixel_values"], inputs["input_ids"], inputs["attention_mask"], inputs["labels"], null, inputs["labels"], OutputRequest.None);
        return new TinyModel { Model = model, Loss = () => Run().Loss!, Logits = () => Run().DecoderLogits };
    }

    static TinyModel Llava()
    {
        var model = (LlavaForConditionalGeneration)HfModelLoader.Load(TestData.HfCase("llava"));
        var inputs = SafeTensorsFile.Open(Path.Combine(TestData.HfCase("llava"), "inputs.safetensors")).ReadAll();
        LlavaOutput Run() => model.Forward(inputs["input_ids"], inputs["pixel_values"], inputs["attention_mask"], inputs["labels"], OutputRequest.None);
        return new TinyModel { Model = model, Loss = () => Run().Loss!, Logits = () => Run().Logits };
    }

    static TinyModel Llama()
    {
        var model = (LlamaForCausalLM)HfModelLoader.Load(TestData.HfCase("llama"));
        var inputs = SafeTensorsFile.Open(Path.Combine(TestData.HfCase("llama"), "inputs.safetensors")).ReadAll();
        Tensor Logits() => model.Forward(inputs["input_ids"], null, inputs["attention_mask"], null, null, OutputRequest.None).Logits;
        return new TinyModel { Model = model, Loss = () => NextTokenLoss.Compute(Logits(), inputs["labels"]), Logits = Logits };
    }

    public static double MaxDifference(Tensor a, Tensor b) => (a - b).abs().max().item<float>();
}
