using MedPeft.Generation;
using MedPeft.IO;
using MedPeft.Models;
using MedPeft.Models.Bert;
using MedPeft.Models.Blip;
using MedPeft.Models.Clip;
using MedPeft.Models.Llama;
using MedPeft.Models.Llava;
using TorchSharp;
using static TorchSharp.torch;

namespace MedPeft.Parity;

/// <summary>
/// Runs a model on a reference case's inputs and names its outputs as the HF reference does
/// (<c>logits</c>, <c>hidden_states.N</c>, <c>attentions.N</c>, ...).
/// </summary>
internal static class ModelParity
{
    /// <summary>The outputs computed, and the names that must be compared for the case to count.</summary>
    public static (Dictionary<string, Tensor> Outputs, string[] Main) Run(IHfModel model, SafeTensorsFile inputs, SafeTensorsFile expected)
    {
        using var noGrad = torch.no_grad();
        return model switch
        {
            BertModel bert => (Bert(bert, inputs), new[] { "last_hidden_state", "pooler_output" }),
            ClipVisionModel clip => (Clip(clip, inputs), new[] { "last_hidden_state", "pooler_output" }),
            LlamaForCausalLM llama => (Llama(llama, inputs), new[] { "logits", "loss" }),
            LlavaForConditionalGeneration llava => (Llava(llava, inputs), new[] { "logits", "loss" }),
            BlipForQuestionAnswering blip => (Blip(blip, inputs, expected), new[] { "decoder_logits", "loss", "generate_sequences" }),
            _ => throw new MedPeftException($"no parity runner for model type '{model.ModelType}'."),
        };
    }

    static Tensor Input(SafeTensorsFile inputs, string name) =>
        inputs.Entries.ContainsKey(name) ? inputs.Read(name)
            : throw new MedPeftException($"{inputs.Path}: input '{name}' is missing.");

    static Tensor? OptionalInput(SafeTensorsFile inputs, string name) => inputs.Entries.ContainsKey(name) ? inputs.Read(name) : null;

    static void AddSequence(Dictionary<string, Tensor> outputs, string prefix, IReadOnlyList<Tensor>? tensors)
    {
        for (int i = 0; i < (tensors?.Count ?? 0); i++) outputs[$"{prefix}.{i}"] = tensors![i];
    }

    static Dictionary<string, Tensor> Bert(BertModel bert, SafeTensorsFile inputs)
    {
        var mask = OptionalInput(inputs, "attention_mask");
        var output = bert.Forward(Input(inputs, "input_ids"), OptionalInput(inputs, "token_type_ids"), mask, null, null, false, null, OutputRequest.All);
        var outputs = new Dictionary<string, Tensor> { ["last_hidden_state"] = output.LastHiddenState };
        AddSequence(outputs, "hidden_states", output.HiddenStates);
        AddSequence(outputs, "attentions", output.Attentions);
        if (bert.pooler is not null) outputs["pooler_output"] = bert.Pool(output.LastHiddenState);
        var weights = (mask ?? torch.ones(output.LastHiddenState.shape[0], output.LastHiddenState.shape[1])).unsqueeze(-1).to_type(ScalarType.Float32);
        var meanPooled = (output.LastHiddenState * weights).sum(1) / weights.sum(1).clamp_min(1e-9);
        outputs["mean_pooled"] = meanPooled;
        outputs["mean_pooled_normalized"] = nn.functional.normalize(meanPooled, p: 2, dim: 1);
        return outputs;
    }

    static Dictionary<string, Tensor> Clip(ClipVisionModel clip, SafeTensorsFile inputs)
    {
        var (output, pooled) = clip.Forward(Input(inputs, "pixel_values"), OutputRequest.All);
        var outputs = new Dictionary<string, Tensor> { ["last_hidden_state"] = output.LastHiddenState, ["pooler_output"] = pooled };
        AddSequence(outputs, "hidden_states", output.HiddenStates);
        AddSequence(outputs, "attentions", output.Attentions);
        return outputs;
    }

    static Dictionary<string, Tensor> Llama(LlamaForCausalLM llama, SafeTensorsFile inputs)
    {
        var (logits, output) = llama.Forward(Input(inputs, "input_ids"), null, OptionalInput(inputs, "attention_mask"), null, null, OutputRequest.All);
        var outputs = new Dictionary<string, Tensor> { ["logits"] = logits };
        AddSequence(outputs, "hidden_states", output.HiddenStates);
        AddSequence(outputs, "attentions", output.Attentions);
        if (OptionalInput(inputs, "labels") is { } labels) outputs["loss"] = NextTokenLoss.Compute(logits, labels);
        return outputs;
    }

    static Dictionary<string, Tensor> Llava(LlavaForConditionalGeneration llava, SafeTensorsFile inputs)
    {
        var pixels = Input(inputs, "pixel_values");
        var output = llava.Forward(Input(inputs, "input_ids"), pixels, OptionalInput(inputs, "attention_mask"), OptionalInput(inputs, "labels"), OutputRequest.All);
        var outputs = new Dictionary<string, Tensor>
        {
            ["vision_selected_features"] = output.SelectedFeatures, ["image_features"] = output.ImageFeatures,
            ["merged_attention_mask"] = output.Merged.AttentionMask, ["merged_position_ids"] = output.Merged.PositionIds,
            ["logits"] = output.Logits,
        };
        if (output.Merged.Labels is { } mergedLabels) outputs["merged_labels"] = mergedLabels;
        if (output.Loss is { } loss) outputs["loss"] = loss;
        AddSequence(outputs, "hidden_states", output.Language.HiddenStates);
        var (vision, _) = llava.vision_tower.Forward(pixels, new OutputRequest(HiddenStates: true));
        AddSequence(outputs, "vision_hidden_states", vision.HiddenStates);
        return outputs;
    }

    static Dictionary<string, Tensor> Blip(BlipForQuestionAnswering blip, SafeTensorsFile inputs, SafeTensorsFile expected)
    {
        var pixels = Input(inputs, "pixel_values");
        var ids = Input(inputs, "input_ids");
        var mask = OptionalInput(inputs, "attention_mask");
        var labels = Input(inputs, "labels");
        var output = blip.Forward(pixels, ids, mask, labels, null, labels, OutputRequest.All);
        var outputs = new Dictionary<string, Tensor>
        {
            ["image_embeds"] = output.Encoding.ImageEmbeds, ["question_embeds"] = output.Encoding.QuestionEmbeds,
            ["decoder_logits"] = output.DecoderLogits, ["loss"] = output.Loss!,
        };
        AddSequence(outputs, "vision_hidden_states", output.Encoding.Vision.HiddenStates);
        AddSequence(outputs, "vision_attentions", output.Encoding.Vision.Attentions);
        if (expected.Entries.TryGetValue("generate_sequences", out var reference))
            AddBlipGeneration(outputs, blip, output.Encoding.QuestionEmbeds, (int)reference.Shape[1] - 1);
        return outputs;
    }

    // The reference generated greedily with max_new_tokens = its sequence length - 1 (the [bos] start).
    static void AddBlipGeneration(Dictionary<string, Tensor> outputs, BlipForQuestionAnswering blip, Tensor questionEmbeds, int maxNewTokens)
    {
        var text = blip.Config.Text;
        long batch = questionEmbeds.shape[0];
        using var decoder = new BlipAnswerDecoder(blip.text_decoder, questionEmbeds, torch.ones(batch, questionEmbeds.shape[1], ScalarType.Int64), text.BosTokenId);
        var result = TextGenerator.Generate(decoder, batch, new GenerationOptions(maxNewTokens, text.SepTokenId, text.PadTokenId), keepScores: true);
        var rows = result.Tokens.Select(t => new[] { (long)text.BosTokenId }.Concat(t).ToArray()).ToArray();
        outputs["generate_sequences"] = torch.tensor(rows.SelectMany(r => r).ToArray(), new long[] { batch, rows[0].Length });
        AddSequence(outputs, "generate_scores", result.StepScores);
    }
}
